package dev.relaunch.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a user's app started the fast way ({@code dev.relaunch.faststart}): the JVM's class path holds
 * only what does not change between two restarts (the dependency jars and this launcher), so a class-data archive
 * of it stays valid; the app's own class folders ({@code target/classes}) are loaded by an {@link AppClassLoader}
 * created here. Then the app's {@code main} runs as {@code java -cp … Main} would have run it: same arguments, the
 * same {@code java.class.path} property, the app's loader as the thread's context class loader.
 *
 * <p>Arguments: the app's class folders (joined by the path separator), the class path as the user wrote it, the
 * main class, then the app's own arguments. This class and {@link AppClassLoader} depend on nothing but the JDK:
 * they are written into a jar of their own, which is all of relaunch the app's JVM sees.
 */
public final class AppLauncher {
    /** The exit code when the launcher itself cannot start the app (as {@code java} exits for a missing class). */
    static final int EXIT_CANNOT_LAUNCH = 1;

    private AppLauncher() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            System.err.println("relaunch launcher: expected <app class folders> <class path> <main class> [args...];"
                    + " turn fast start off with RELAUNCH_FAST_START=false");
            System.exit(EXIT_CANNOT_LAUNCH);
            return;
        }
        String[] appArgs = Arrays.copyOfRange(args, 3, args.length);
        System.setProperty("java.class.path", args[1]);
        System.setProperty("sun.java.command", String.join(" ", args[2], String.join(" ", appArgs)).strip());
        ClassLoader loader = new AppClassLoader(urls(args[0]), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> mainClass = mainClass(loader, args[2]);
        Method main = mainMethod(mainClass);
        try {
            Object target = Modifier.isStatic(main.getModifiers()) ? null : newInstance(mainClass);
            main.invoke(target, main.getParameterCount() == 0 ? new Object[0] : new Object[] {appArgs});
        } catch (InvocationTargetException e) {
            throw e.getCause(); // as if main had been called directly: the JVM prints it and exits with 1
        }
    }

    private static Class<?> mainClass(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            System.err.println("Error: Could not find or load main class " + name);
            System.err.println("Caused by: " + e);
            System.exit(EXIT_CANNOT_LAUNCH);
            return null;
        }
    }

    /**
     * The method {@code java} would run: {@code public static void main(String[])}; from Java 25 (JEP 512) also a
     * non-private {@code main(String[])} or {@code main()}, static or not, the one with the parameter first.
     */
    static Method mainMethod(Class<?> c) {
        Method withArgs = find(c, String[].class);
        if (Runtime.version().feature() < 25) {
            if (withArgs != null && Modifier.isStatic(withArgs.getModifiers())
                    && Modifier.isPublic(withArgs.getModifiers())) {
                withArgs.setAccessible(true);
                return withArgs;
            }
        } else {
            Method m = withArgs != null ? withArgs : find(c);
            if (m != null && !Modifier.isPrivate(m.getModifiers())) {
                m.setAccessible(true);
                return m;
            }
        }
        System.err.println("Error: Main method not found in class " + c.getName() + ", please define the main method"
                + " as:\n   public static void main(String[] args)");
        System.exit(EXIT_CANNOT_LAUNCH);
        return null;
    }

    private static Method find(Class<?> c, Class<?>... parameters) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Method m = k.getDeclaredMethod("main", parameters);
                if (m.getReturnType() == void.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // look in the superclass, as the launcher does
            }
        }
        return null;
    }

    private static Object newInstance(Class<?> c) throws Throwable {
        try {
            var constructor = c.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (NoSuchMethodException e) {
            System.err.println("Error: " + c.getName() + " has an instance main method but no constructor without"
                    + " parameters");
            System.exit(EXIT_CANNOT_LAUNCH);
            return null;
        }
    }

    static URL[] urls(String folders) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String f : folders.split(File.pathSeparator)) {
            if (!f.isEmpty()) {
                urls.add(new File(f).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
