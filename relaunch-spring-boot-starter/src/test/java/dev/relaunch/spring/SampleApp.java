package dev.relaunch.spring;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host app for the starter's tests: one route of its own. */
@SpringBootApplication
@RestController
class SampleApp {
    @GetMapping("/hello")
    Map<String, String> hello() {
        return Map.of("hello", "world");
    }
}
