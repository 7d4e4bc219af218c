package dev.relaunch.cli;

import dev.relaunch.config.ConfigLoader;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "check", description = "Validate .env and the configuration without starting anything. "
        + "Exit code 0 when valid, 2 with every problem listed.")
final class CheckCommand extends InstanceCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        ConfigLoader.Loaded loaded = common.load();
        if (common.json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ok", loaded.ok());
            r.put("env_file", common.envPath().toString());
            r.put("env_file_exists", loaded.file().exists());
            r.put("problems", loaded.problems());
            loaded.config().ifPresent(c -> {
                r.put("url", c.url(c.port()));
                r.put("app_env", c.appEnv().label());
            });
            CommonOptions.printJson(out, r);
        } else if (loaded.ok()) {
            var c = loaded.require();
            out.println("OK: " + common.envPath() + (loaded.file().exists() ? "" : " (missing; using defaults)")
                    + " is valid; the server would serve " + c.url(c.port()) + " (APP_ENV=" + c.appEnv().label()
                    + ")");
        } else {
            PrintWriter err = err();
            err.println("Configuration problems (" + loaded.problems().size() + "):");
            loaded.problems().forEach(p -> err.println("  " + p));
            err.flush();
        }
        out.flush();
        return loaded.ok() ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
