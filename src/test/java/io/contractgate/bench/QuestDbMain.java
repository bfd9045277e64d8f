package io.contractgate.bench;

import io.contractgate.influx.QuestDbServer;

import java.nio.file.Path;

/**
 * A real line-protocol time-series server for the Influx-on benchmark: the tests' QuestDB in its own JVM, HTTP
 * (InfluxDB v2 write API and SQL) on 127.0.0.1. Usage: {@code QuestDbMain PORT DATA_DIR}; runs until killed.
 */
public final class QuestDbMain {

    private QuestDbMain() {
    }

    public static void main(String[] args) throws Exception {
        QuestDbServer server = new QuestDbServer(Path.of(args[1]), Integer.parseInt(args[0])).start();
        System.out.println("READY questdb on " + server.url());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
