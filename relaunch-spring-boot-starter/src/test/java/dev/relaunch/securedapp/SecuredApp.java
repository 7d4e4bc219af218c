package dev.relaunch.securedapp;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A host app with Spring Security, configured as the README tells users: the starter's paths permitted (here
 * without login, a development box), its API exempt from CSRF (relaunch checks same-origin itself), everything else
 * authenticated.
 */
@SpringBootApplication
@RestController
public class SecuredApp {
    @GetMapping("/hello")
    Map<String, String> hello() {
        return Map.of("hello", "world");
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/relaunch/**").permitAll().anyRequest().authenticated())
                .csrf(c -> c.ignoringRequestMatchers("/relaunch/api/**"))
                .httpBasic(b -> {});
        return http.build();
    }
}
