package dev.relaunch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand shares. */
final class CommonOptions {
    @Option(names = "--env-file", paramLabel = "PATH", description = "the .env file to read (default: ./.env)")
    Path envFile = Path.of(".env");

    @Option(names = "--json", description = "print a machine-readable JSON result")
    boolean json;

    Path envPath() {
        return envFile.toAbsolutePath().normalize();
    }

    ConfigLoader.Loaded load() {
        return ConfigLoader.load(envPath(), System.getenv());
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(mapper().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /** Created on first use: building a mapper costs {@code start} ~60 ms before the server is spawned. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
