package dev.relaunch.examples.springnotes;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The app's own routes: the page, the greeting with the serving PID, the notes, a form to add one. */
@RestController
public class NotesController {
    static final int MAX_NOTE_LENGTH = 500;

    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final String greeting;
    private final int maxNotes;
    private final String startedAt = Instant.now().toString();

    /**
     * @param greeting {@code GREETING} from the environment ({@code .env}, passed on by the supervisor)
     * @param maxNotes {@code NOTES_MAX}: a number, or the app does not start (as a real app refuses a bad setting)
     */
    public NotesController(@Value("${GREETING:Hello}") String greeting, @Value("${NOTES_MAX:200}") int maxNotes) {
        this.greeting = greeting;
        this.maxNotes = maxNotes;
    }

    /** The greeting, the serving PID, and when this app (its Spring context) started. */
    @GetMapping("/api/hello")
    public Map<String, Object> hello() {
        return Map.of("greeting", greeting, "pid", ProcessHandle.current().pid(), "started_at", startedAt);
    }

    @GetMapping("/api/notes")
    public Map<String, Object> notes() {
        return Map.of("notes", notes);
    }

    @PostMapping(path = "/notes", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> add(@RequestParam(name = "text", required = false) String text) {
        if (text == null || text.isBlank() || text.length() > MAX_NOTE_LENGTH) {
            return ResponseEntity.badRequest().body("A note needs 1 to " + MAX_NOTE_LENGTH + " characters.");
        }
        if (notes.size() >= maxNotes) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body("The list is full (" + maxNotes + " notes).");
        }
        notes.add(text.strip());
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String page() {
        StringBuilder items = new StringBuilder();
        for (String n : notes) {
            items.append("<li>").append(Html.escape(n)).append("</li>");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Notes</title>
                <style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
                footer{margin-top:2rem;color:#555}</style></head>
                <body><h1 id="greeting">%s</h1>
                <p>Served by PID <span id="pid">%d</span> (Spring Boot).</p>
                <form method="post" action="/notes"><label>New note <input name="text" maxlength="%d" required>
                </label> <button>Add</button></form>
                <ul id="notes">%s</ul>
                <footer><a href="/admin/relaunch/">Settings and Restart Server</a></footer>
                </body></html>
                """.formatted(Html.escape(greeting), ProcessHandle.current().pid(), MAX_NOTE_LENGTH, items);
    }
}
