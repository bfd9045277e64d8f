package io.contractgate.bench;

import io.questdb.ServerMain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real line-protocol time-series server for the Influx-on benchmark: QuestDB in its own JVM, HTTP (InfluxDB v2
 * write API and SQL) on 127.0.0.1. Usage: {@code QuestDbMain PORT DATA_DIR}; runs until killed.
 */
public final class QuestDbMain {

    private QuestDbMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path root = Files.createDirectories(Path.of(args[1]));
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + port);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_SHARED_WORKER_COUNT", "1");
        env.put("QDB_HTTP_WORKER_COUNT", "1");
        ServerMain server = ServerMain.create(root.toString(), env);
        server.start();
        System.out.println("READY questdb on 127.0.0.1:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
