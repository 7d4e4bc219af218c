package dev.relaunch.kubernetes;

import dev.relaunch.config.Sensitivity;
import dev.relaunch.settings.EnvView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The app container's environment as this pod sees it, each key with where it comes from: a ConfigMap or a Secret
 * (through {@code env} or {@code envFrom}) or the pod spec itself. Values are the running ones (this process's
 * environment); for keys of the editable ConfigMap, its value now too, so that a change made since this pod started
 * shows as pending (a restart applies it). Secrets are never read: their keys are listed from {@code env} references
 * only, their values always masked.
 */
final class PodEnvironment {
    /** The ConfigMap the Settings tab edits, read now. */
    record Editable(String name, ConfigMap now) {
        Map<String, String> data() {
            return now == null || now.getData() == null ? Map.of() : now.getData();
        }
    }

    private final KubernetesClient client;
    private final Access access;
    private final PodSettings settings;
    private final Map<String, String> processEnv;
    private final Sensitivity sensitivity;
    private volatile Map<String, String> editableAtStart;

    PodEnvironment(KubernetesClient client, Access access, PodSettings settings, Map<String, String> processEnv,
                   Sensitivity sensitivity) {
        this.client = client;
        this.access = access;
        this.settings = settings;
        this.processEnv = Map.copyOf(processEnv);
        this.sensitivity = sensitivity;
    }

    /** Remembers the editable ConfigMap's keys as this pod starts, to report keys removed since then. */
    void rememberStart() {
        try {
            editableAtStart = Map.copyOf(editable(container()).data());
        } catch (RuntimeException e) {
            editableAtStart = null; // without the right to read it, the tab says so when opened
        }
    }

    EnvView.Snapshot snapshot() {
        Container c = container();
        Editable cm = editable(c);
        Map<String, EnvView.Entry> rows = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> ineffective = new ArrayList<>();
        Map<String, String> explicit = new LinkedHashMap<>();
        for (EnvVar v : list(c.getEnv())) {
            explicit.put(v.getName(), source(v));
        }
        for (EnvFromSource from : list(c.getEnvFrom())) {
            String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Map<String, String> data = name.equals(cm.name()) ? cm.data() : configMap(name).map(
                        m -> m.getData() == null ? Map.<String, String>of() : m.getData()).orElse(Map.of());
                data.forEach((k, v) -> {
                    String key = prefix + k;
                    boolean overridden = explicit.containsKey(key);
                    boolean pending = !Objects.equals(processEnv.get(key), v);
                    if (pending) {
                        (overridden ? ineffective : changed).add(key);
                    }
                    rows.put(key, row(key, "configmap/" + name, name.equals(cm.name()) ? v : null,
                            pending && !overridden, overridden, name.equals(cm.name()) && prefix.isEmpty(), false));
                });
            } else if (from.getSecretRef() != null) {
                problems.add("Keys from Secret " + from.getSecretRef().getName() + " (envFrom) are not listed: "
                        + "relaunch does not read Secrets");
            }
        }
        explicit.forEach((key, source) -> {
            String cmValue = source.equals("configmap/" + cm.name()) ? cm.data().get(configMapKey(c, key)) : null;
            boolean pending = cmValue != null && !cmValue.equals(processEnv.get(key));
            if (pending) {
                changed.add(key);
            }
            rows.put(key, row(key, source, cmValue, pending, false, false, source.startsWith("secret/")));
        });
        List<String> removed = new ArrayList<>();
        if (editableAtStart != null) {
            editableAtStart.keySet().stream().filter(k -> !cm.data().containsKey(k) && !explicit.containsKey(k))
                    .sorted().forEach(k -> {
                        removed.add(k);
                        rows.put(k, new EnvView.Entry(k, mask(k, processEnv.get(k), false), sensitive(k,
                                processEnv.get(k)), "configmap/" + cm.name(), true, true, null, true, false, false));
                    });
        }
        String version = cm.now() == null ? "none" : cm.now().getMetadata().getResourceVersion();
        if (cm.name() == null) {
            problems.add("The container reads no ConfigMap: nothing here can be edited. Set RELAUNCH_CONFIGMAP or add "
                    + "envFrom: configMapRef to the container");
        } else if (cm.now() == null) {
            problems.add("ConfigMap " + cm.name() + " does not exist in namespace " + access.namespace());
        }
        return new EnvView.Snapshot("configmap/" + Objects.requireNonNullElse(cm.name(), "(none)"), cm.now() != null,
                version, List.copyOf(rows.values()), changed, removed, ineffective, problems);
    }

    /** The running value of a key the container's spec names. */
    Optional<String> reveal(String key) {
        return Optional.ofNullable(processEnv.get(key));
    }

    /** Whether {@code key}'s running value must be masked (a Secret's always is). */
    boolean sensitive(String key) {
        return snapshot().entries().stream().anyMatch(e -> e.key().equals(key) && e.sensitive());
    }

    /** The ConfigMap edits go to, read now. */
    Editable editable() {
        return editable(container());
    }

    /** Where a key comes from now: {@code configmap/x}, {@code secret/y} or {@code pod spec}. */
    Optional<String> sourceOf(String key) {
        return snapshot().entries().stream().filter(e -> e.key().equals(key)).map(EnvView.Entry::source).findFirst();
    }

    private EnvView.Entry row(String key, String source, String cmValue, boolean pending, boolean overridden,
                              boolean inEditable, boolean secret) {
        String running = processEnv.get(key);
        boolean sensitive = secret || sensitive(key, running) || (cmValue != null && sensitive(key, cmValue));
        String shown = running != null ? running : cmValue;
        return new EnvView.Entry(key, mask(key, shown, secret), sensitive, source, pending, pending,
                cmValue == null ? null : mask(key, cmValue, secret), false, inEditable, overridden);
    }

    private boolean sensitive(String key, String value) {
        return value != null && sensitivity.isSensitive(key, value);
    }

    private String mask(String key, String value, boolean always) {
        if (value == null) {
            return null;
        }
        return always ? "••••••••" : sensitivity.mask(key, value);
    }

    private Editable editable(Container c) {
        String name = settings.configMap();
        if (name == null) {
            name = list(c.getEnvFrom()).stream().filter(f -> f.getConfigMapRef() != null)
                    .map(f -> f.getConfigMapRef().getName()).findFirst()
                    .orElse(list(c.getEnv()).stream().filter(v -> v.getValueFrom() != null
                                    && v.getValueFrom().getConfigMapKeyRef() != null)
                            .map(v -> v.getValueFrom().getConfigMapKeyRef().getName()).findFirst().orElse(null));
        }
        return new Editable(name, name == null ? null : configMap(name).orElse(null));
    }

    private Optional<ConfigMap> configMap(String name) {
        return Optional.ofNullable(access.call("get", "configmaps/" + name, () ->
                client.configMaps().inNamespace(access.namespace()).withName(name).get()));
    }

    private Container container() {
        Pod pod = access.call("get", "pods/" + settings.pod(), () ->
                client.pods().inNamespace(access.namespace()).withName(settings.pod()).get());
        if (pod == null) {
            throw new dev.relaunch.web.ApiException(404, "not_found", "pod " + settings.pod() + " is not in "
                    + "namespace " + access.namespace() + "; check POD_NAME and POD_NAMESPACE");
        }
        List<Container> cs = pod.getSpec().getContainers();
        return settings.container() == null ? cs.get(0) : cs.stream()
                .filter(x -> x.getName().equals(settings.container())).findFirst()
                .orElseThrow(() -> new dev.relaunch.web.ApiException(404, "not_found", "pod " + settings.pod()
                        + " has no container " + settings.container() + " (RELAUNCH_CONTAINER)"));
    }

    private static String configMapKey(Container c, String envName) {
        return list(c.getEnv()).stream().filter(v -> v.getName().equals(envName)).findFirst()
                .map(v -> v.getValueFrom().getConfigMapKeyRef().getKey()).orElse(envName);
    }

    private static String source(EnvVar v) {
        if (v.getValueFrom() == null) {
            return "pod spec";
        }
        if (v.getValueFrom().getConfigMapKeyRef() != null) {
            return "configmap/" + v.getValueFrom().getConfigMapKeyRef().getName();
        }
        if (v.getValueFrom().getSecretKeyRef() != null) {
            return "secret/" + v.getValueFrom().getSecretKeyRef().getName();
        }
        return "pod spec (downward API)";
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
