package sample;

public class App {
    public static void main(String[] args) {
        System.out.println("never started: no main class is configured");
    }
}
