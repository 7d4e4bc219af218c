package dev.relaunch.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads the app's own classes and resources from its class folders, before its parent (the JVM's class path of
 * dependency jars): what {@code java -cp target/classes:<jars>} finds first, this finds first too, so a class or a
 * resource in both comes from the folder, as before. Everything else comes from the parent. JDK classes
 * ({@code java.*}) always come from the parent.
 */
final class AppClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    AppClassLoader(URL[] folders, ClassLoader parent) {
        super("app", folders, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !name.startsWith("java.")) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    // not one of the app's own classes: the parent's
                }
            }
            if (c == null) {
                c = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
