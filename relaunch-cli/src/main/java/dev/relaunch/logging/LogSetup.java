package dev.relaunch.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code (faster at start-up than parsing XML): console always, plus a size-rolling file once
 * the process knows its {@code LOGS_DIR}. {@code LOG_LEVEL} (environment) sets the level of relaunch's own loggers.
 */
public final class LogSetup {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

    private LogSetup() {}

    /** Console output to stderr at WARN: what CLI commands use before (or without) a log file. */
    public static void quiet() {
        LoggerContext ctx = context();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(ctx, "[%thread] %-5level %logger{20} - %msg%n", true));
    }

    /**
     * Logs at INFO (relaunch) / WARN (libraries) to the console (stdout) and to {@code logsDir/fileName},
     * rolling at 10 MB, keeping 3 old files.
     */
    public static void toFile(Path logsDir, String fileName, boolean console) {
        LoggerContext ctx = context();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        ctx.getLogger("dev.relaunch").setLevel(level());
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        if (console) {
            root.addAppender(console(ctx, PATTERN, false));
        }
        root.addAppender(file(ctx, logsDir.resolve(fileName)));
    }

    private static Level level() {
        String l = System.getenv("LOG_LEVEL");
        return l == null ? Level.INFO : Level.toLevel(l.trim().toUpperCase(Locale.ROOT), Level.INFO);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext ctx, String pattern, boolean stderr) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(ctx);
        a.setName("console");
        if (stderr) {
            a.setTarget("System.err");
        }
        a.setEncoder(encoder(ctx, pattern));
        a.start();
        return a;
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext ctx, Path file) {
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setName("file");
        a.setFile(file.toString());
        a.setAppend(true);
        FixedWindowRollingPolicy roll = new FixedWindowRollingPolicy();
        roll.setContext(ctx);
        roll.setParent(a);
        roll.setFileNamePattern(file + ".%i");
        roll.setMinIndex(1);
        roll.setMaxIndex(3);
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        a.setRollingPolicy(roll);
        a.setTriggeringPolicy(trigger);
        a.setEncoder(encoder(ctx, PATTERN));
        roll.start();
        trigger.start();
        a.start();
        return a;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(pattern);
        e.start();
        return e;
    }
}
