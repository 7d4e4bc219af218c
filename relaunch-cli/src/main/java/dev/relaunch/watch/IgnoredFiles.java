package dev.relaunch.watch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Files whose change never restarts the app: what editors and IDEs write beside the file being edited (swap, backup,
 * lock and "safe write" temporaries), and desktop clutter. A save through such a temporary ends with the real file
 * written or renamed into place, and that event counts.
 */
public final class IgnoredFiles {
    /**
     * Vim swap files ({@code .x.swp}, {@code .swo}, … {@code .swx}), backups ({@code x~}), Emacs lock and
     * auto-save files ({@code .#x}, {@code #x#}), {@code *.tmp}, IntelliJ's safe-write temporaries
     * ({@code x___jb_tmp___}, {@code x___jb_old___}), Kate's {@code *.kate-swp}, GNOME's {@code .goutputstream-*},
     * Chrome-style {@code *.crswap}, and macOS / Windows folder metadata.
     */
    private static final Pattern PATTERN = Pattern.compile(
            "(.*\\.sw[a-px]|.*~|\\.#.*|#.*#|.*\\.tmp|.*___jb_(tmp|old)___|.*\\.kate-swp|\\.goutputstream-.*"
                    + "|.*\\.crswap)");
    /** Vim's probe that the folder is writable ({@code 4913}, and later numbers), and folder metadata. */
    private static final Set<String> NAMES = Set.of("4913", ".ds_store", "thumbs.db", "desktop.ini");

    private IgnoredFiles() {}

    /** True when a change of this file (by its name) must not cause a restart. */
    public static boolean ignored(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String n = name.toString();
        return NAMES.contains(n.toLowerCase(Locale.ROOT)) || PATTERN.matcher(n).matches();
    }
}
