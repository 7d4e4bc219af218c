package dev.relaunch.examples.notes;

import dev.relaunch.javalin.RelaunchPlugin;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small app of its own (a notes list kept in memory, a greeting read from the environment) with relaunch's
 * Settings tab and Restart Server button added by one plugin line. Run it under the supervisor so each restart
 * reads {@code .env} afresh: {@code ./relaunch start -- java -jar examples/javalin-notes/target/javalin-notes.jar}.
 */
public final class NotesApp {
    static final int MAX_NOTES = 200;
    static final int MAX_NOTE_LENGTH = 500;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final String greeting;

    NotesApp(String greeting) {
        this.greeting = greeting;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", "7070").trim());
        new NotesApp(env.getOrDefault("GREETING", "Hello")).create().start(port);
    }

    Javalin create() {
        return Javalin.create(cfg -> {
            // the one line that adds relaunch, here at a base path of the app's choosing (default /relaunch)
            cfg.registerPlugin(new RelaunchPlugin(c -> c.basePath = "/admin/relaunch"));
            cfg.routes.get("/", this::page);
            cfg.routes.get("/api/hello", ctx -> ctx.json(Map.of("greeting", greeting,
                    "pid", ProcessHandle.current().pid())));
            cfg.routes.get("/api/notes", ctx -> ctx.json(Map.of("notes", notes)));
            cfg.routes.post("/notes", this::addFromForm);
        });
    }

    private void addFromForm(Context ctx) {
        String text = ctx.formParam("text");
        if (text == null || text.isBlank() || text.length() > MAX_NOTE_LENGTH) {
            ctx.status(HttpStatus.BAD_REQUEST).result("A note needs 1 to " + MAX_NOTE_LENGTH + " characters.");
            return;
        }
        if (notes.size() >= MAX_NOTES) {
            ctx.status(HttpStatus.CONFLICT).result("The list is full (" + MAX_NOTES + " notes).");
            return;
        }
        notes.add(text.strip());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void page(Context ctx) {
        StringBuilder items = new StringBuilder();
        for (String n : notes) {
            items.append("<li>").append(escape(n)).append("</li>");
        }
        ctx.html("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Notes</title>
                <style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
                footer{margin-top:2rem;color:#555}</style></head>
                <body><h1 id="greeting">%s</h1>
                <p>Served by PID <span id="pid">%d</span>.</p>
                <form method="post" action="/notes"><label>New note <input name="text" maxlength="%d" required>
                </label> <button>Add</button></form>
                <ul id="notes">%s</ul>
                <footer><a href="/admin/relaunch/">Settings and Restart Server</a></footer>
                </body></html>
                """.formatted(escape(greeting), ProcessHandle.current().pid(), MAX_NOTE_LENGTH, items));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
