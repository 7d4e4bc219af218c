package dev.relaunch.maven.watch;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Files an editor writes beside the real one while saving, which must never trigger a build. */
public final class IgnoredFiles {
    // vim (.swp .swo .swx, 4913, name~), emacs (#name#, .#name), JetBrains (___jb_tmp___, ___jb_old___),
    // gedit/VS Code (.goutputstream-*, *.tmp), sed -i (sedXXXXXX), macOS (.DS_Store)
    private static final Pattern IGNORED = Pattern.compile(
            "(.*\\.sw[a-p]|.*\\.swx|4913|.*~|#.*#|\\.#.*|.*___jb_(tmp|old)___|\\.goutputstream-.*|.*\\.tmp|sed[A-Za-z0-9]{6}"
                    + "|\\.DS_Store)");

    private IgnoredFiles() {}

    public static boolean isIgnored(Path file) {
        Path name = file.getFileName();
        return name != null && IGNORED.matcher(name.toString()).matches();
    }
}
