package fugong.infra.elasticsearch;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts a single-node Elasticsearch 8.x inside this JVM, assembled only from Maven Central jars
 * (server + transport-netty4 for HTTP). No x-pack, no other modules.
 *
 * Usage: EmbeddedElasticsearch [--home DIR] [--config DIR] [-Ekey=value ...]
 *
 * Environment:
 *   ES_PORT          HTTP port (default 9200), bound to 127.0.0.1
 *   ES_DATA_DIR      node home; data in $ES_DATA_DIR/data, logs in $ES_DATA_DIR/logs (default ./elasticsearch-$ES_PORT)
 *   ES_CONFIG_DIR    directory holding log4j2.properties (and optionally elasticsearch.yml)
 *   ES_CLUSTER_NAME  cluster name (default fugong)
 *
 * The process runs in the foreground until SIGTERM/SIGINT; a shutdown hook closes the node cleanly.
 */
public final class EmbeddedElasticsearch {

    private EmbeddedElasticsearch() {}

    public static void main(String[] args) throws Exception {
        String port = env("ES_PORT", "9200");
        Path home = Path.of(env("ES_DATA_DIR", "elasticsearch-" + port));
        Path config = System.getenv("ES_CONFIG_DIR") == null ? null : Path.of(System.getenv("ES_CONFIG_DIR"));
        Settings.Builder extra = Settings.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]);
            } else if (a.equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (a.startsWith("-E") && a.indexOf('=') > 2) {
                int eq = a.indexOf('=');
                extra.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                System.err.println("unknown argument: " + a);
                System.err.println("usage: EmbeddedElasticsearch [--home DIR] [--config DIR] [-Ekey=value ...]");
                System.exit(2);
            }
        }
        home = home.toAbsolutePath().normalize();
        if (config == null) {
            config = home.resolve("config");
        }
        config = config.toAbsolutePath().normalize();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(config);

        Settings settings = Settings.builder()
            .put("cluster.name", env("ES_CLUSTER_NAME", "fugong"))
            .put("node.name", "fugong-" + port)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("discovery.type", "single-node")
            // the dev disk may be fairly full: never block allocation or make indices read-only because of disk usage
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put(extra.build())
            .build();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> "fugong-" + port);

        LogConfigurator.setClusterName(environment.settings().get("cluster.name"));
        LogConfigurator.setNodeName(environment.settings().get("node.name"));
        LogConfigurator.configure(environment, true);
        Logger logger = LogManager.getLogger(EmbeddedElasticsearch.class);
        logger.info(
            "starting embedded Elasticsearch: java {} ({}), home {}, config {}",
            Runtime.version(),
            System.getProperty("java.vm.vendor"),
            home,
            config
        );

        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, RootEndpointPlugin.class, DeleteByQueryPlugin.class);
        Node node = new ClasspathNode(environment, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                logger.info("shutdown requested, closing node");
                try {
                    node.prepareForClose();
                } catch (Exception e) {
                    logger.warn("prepareForClose failed", e);
                }
                node.close();
                if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                    logger.warn("node did not close within 30s");
                }
                logger.info("node closed");
            } catch (Throwable t) {
                logger.error("error while closing node", t);
            } finally {
                stopped.countDown();
                Configurator.shutdown((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false));
            }
        }, "fugong-es-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            node.start();
        } catch (Throwable t) {
            logger.error("failed to start node", t);
            Runtime.getRuntime().removeShutdownHook(hook);
            try {
                node.close();
            } catch (Throwable ignored) {
                // best effort
            }
            Configurator.shutdown((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false));
            System.exit(1);
        }
        logger.info("embedded Elasticsearch is up on http://127.0.0.1:{}", port);
        stopped.await();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
