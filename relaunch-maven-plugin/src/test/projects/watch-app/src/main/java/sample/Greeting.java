package sample;

final class Greeting {
    static final String TEXT = "hello v1";
}
