package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.List;

/**
 * An Elasticsearch {@link Node} whose plugins/modules are classes on the classpath.
 * Uses the package-private {@link NodeConstruction} entry point (hence this package).
 */
public class ClasspathNode extends Node {

    private final List<Class<? extends Plugin>> pluginClasses;

    public ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader ignored) {
                return new ClasspathPluginsService(env, pluginClasses);
            }
        }, true));
        this.pluginClasses = List.copyOf(pluginClasses);
    }

    public List<Class<? extends Plugin>> pluginClasses() {
        return pluginClasses;
    }
}
