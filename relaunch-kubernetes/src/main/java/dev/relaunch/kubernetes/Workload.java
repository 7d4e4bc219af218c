package dev.relaunch.kubernetes;

/**
 * The object that owns this pod and that a restart rolls: a Deployment or a StatefulSet.
 *
 * @param kind {@code Deployment} or {@code StatefulSet}
 */
record Workload(String kind, String name) {
    static final String DEPLOYMENT = "Deployment";
    static final String STATEFUL_SET = "StatefulSet";

    /** The resource name an RBAC rule uses, e.g. {@code deployments/app}. */
    String resource() {
        return (kind.equals(DEPLOYMENT) ? "deployments/" : "statefulsets/") + name;
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
