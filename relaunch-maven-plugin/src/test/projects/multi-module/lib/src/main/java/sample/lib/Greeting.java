package sample.lib;

public final class Greeting {
    public static String text() {
        return "lib v1";
    }
}
