package dev.relaunch.restart;

/** The outcome of checking a ready process as a user would see it. */
public record Health(boolean healthy, String problem) {
    public static final Health HEALTHY = new Health(true, null);

    public static Health unhealthy(String problem) {
        return new Health(false, problem);
    }
}
