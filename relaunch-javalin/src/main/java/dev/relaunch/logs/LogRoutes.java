package dev.relaunch.logs;

import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/logs}: the tail of {@code server.log}, then only what was written after a cursor. The cursor
 * names the file (its inode) and a byte offset, so a rotated or truncated log resets the view instead of skipping.
 * Known sensitive values are replaced by {@code ********} even though the server never logs them.
 */
public final class LogRoutes {
    private static final int MAX_LINES = 1000;
    private static final int MAX_READ = 512 * 1024;

    private final Path file;
    private final Supplier<List<String>> secrets;

    /** @param file the log to show; null when the app has no log file relaunch knows of (the tab says so) */
    public LogRoutes(Path file, Supplier<List<String>> secrets) {
        this.file = file;
        this.secrets = secrets;
    }

    public void register(Mount routes) {
        routes.get("/api/v1/logs", ctx -> {
            String cursor = ctx.queryParam("cursor");
            int lines = 200;
            String l = ctx.queryParam("lines");
            if (l != null) {
                if (!l.matches("[0-9]{1,4}") || Integer.parseInt(l) < 1) {
                    throw new ApiException(400, "invalid_lines", "lines is a number from 1 to " + MAX_LINES);
                }
                lines = Math.min(MAX_LINES, Integer.parseInt(l));
            }
            if (cursor != null && !cursor.matches("[0-9a-f]{1,40}:[0-9]{1,19}")) {
                throw new ApiException(400, "invalid_cursor", "the cursor is the value a previous answer gave");
            }
            ctx.header("Cache-Control", "no-store");
            JsonReply.data(ctx, read(cursor, lines));
        });
    }

    Map<String, Object> read(String cursor, int lines) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (file == null) {
            out.put("file", null);
            out.put("cursor", "0:0");
            out.put("lines", List.of());
            out.put("reset", false);
            return out;
        }
        out.put("file", file.toString());
        String id;
        long size;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object key = a.fileKey();
            id = Integer.toHexString((key == null ? a.creationTime() : key).hashCode());
            size = a.size();
        } catch (NoSuchFileException e) {
            out.put("cursor", "0:0");
            out.put("lines", List.of());
            out.put("reset", cursor != null);
            return out;
        }
        long from;
        boolean reset = false;
        if (cursor == null) {
            from = Math.max(0, size - MAX_READ);
        } else {
            String[] p = cursor.split(":");
            long offset = Long.parseLong(p[1]);
            if (!p[0].equals(id) || offset > size) {
                reset = true;
                from = Math.max(0, size - MAX_READ);
            } else {
                from = Math.max(offset, size - MAX_READ);
            }
        }
        byte[] bytes;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from);
            bytes = new byte[(int) (size - from)];
            raf.readFully(bytes);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--; // keep a half-written last line for the next poll
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)));
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all.remove(all.size() - 1);
        }
        if ((cursor == null || reset) && from > 0 && !all.isEmpty()) {
            all.remove(0); // probably a partial line
        }
        int limit = cursor == null || reset ? lines : MAX_LINES;
        List<String> tail = all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
        List<String> secretValues = secrets.get();
        out.put("cursor", id + ":" + (from + end));
        out.put("lines", tail.stream().map(s -> redact(s, secretValues)).toList());
        out.put("reset", reset);
        return out;
    }

    static String redact(String line, List<String> secrets) {
        String r = line;
        for (String s : secrets) {
            if (r.contains(s)) {
                r = r.replace(s, "********");
            }
        }
        return r;
    }
}
