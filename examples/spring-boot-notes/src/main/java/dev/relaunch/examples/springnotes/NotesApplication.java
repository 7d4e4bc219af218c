package dev.relaunch.examples.springnotes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Javalin example's notes app, on Spring Boot: a notes list kept in memory and a greeting read from the
 * environment. relaunch's Settings tab and Restart Server come from one dependency, the starter, at
 * {@code /admin/relaunch} ({@code relaunch.base-path} in {@code application.properties}). Run it under the supervisor
 * so each restart reads {@code .env} afresh:
 * {@code ./relaunch start -- java -jar examples/spring-boot-notes/target/spring-boot-notes.jar}.
 */
@SpringBootApplication
public class NotesApplication {
    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }
}
