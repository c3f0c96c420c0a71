package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link PluginsService} whose plugins are plain classes already on the JVM classpath
 * (e.g. {@code org.elasticsearch.transport.netty4.Netty4Plugin} from the transport-netty4 jar on
 * Maven Central) instead of bundles unpacked into a distribution's {@code modules/} directory.
 *
 * Lives in {@code org.elasticsearch.plugins} because the hooks it needs (LoadedPlugin, loadPlugin,
 * loadExtensions) are package-private. This works because the ES jars are loaded from the classpath
 * (unnamed module), not as named modules.
 */
public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(environment.settings(), environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        Settings settings = environment.settings();
        List<LoadedPlugin> list = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin instance = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getSimpleName(),
                "classpath plugin " + pluginClass.getName(),
                Build.current().version(),
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
            list.add(new LoadedPlugin(descriptor, instance, pluginClass.getClassLoader()));
        }
        loadExtensions(list);
        this.loaded = List.copyOf(list);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return loaded;
    }

    @Override
    public PluginsAndModules info() {
        // report them as modules, which is what they are in a regular distribution
        return new PluginsAndModules(List.of(), loaded.stream().map(LoadedPlugin::descriptor).toList());
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        // All plugins share one class loader here, so de-duplicate providers by class.
        Map<Class<?>, T> byClass = new HashMap<>();
        for (T provider : super.loadServiceProviders(service)) {
            byClass.putIfAbsent(provider.getClass(), provider);
        }
        return List.copyOf(byClass.values());
    }
}
