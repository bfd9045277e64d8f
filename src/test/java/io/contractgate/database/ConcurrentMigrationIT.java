package io.contractgate.database;

import io.contractgate.fleet.StateSettings;
import io.contractgate.testing.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas of a fleet started together against an empty PostgreSQL database (a Deployment, a StatefulSet with
 * parallel pod management) all migrate it at once. Before: one of them could stop with Flyway's "Unable to baseline
 * schema history table ... as it already exists, and is empty" (seen in FleetStateIT). Each round starts four
 * migrations of one fresh database at the same instant; every one must open.
 */
class ConcurrentMigrationIT {

    @RegisterExtension
    static final PostgresServer.PerClass pg = new PostgresServer.PerClass();



    @Test
    void replicasMigratingOneEmptyDatabaseTogetherAllStart() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 6; round++) {
                String url = pg.server().createDatabase("race");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> opened = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    opened.add(pool.submit(() -> {
                        go.await();
                        try (PooledDatabase db = PooledDatabase.open(StateSettings.from(Map.of("state.jdbc-url", url,
                                "state.user", PostgresServer.USER, "state.timeout-ms", "10000")::get, "race").databaseSpec(2))) {
                            return db.dataSource().getConnection().isValid(2) ? "ok" : "invalid";
                        } catch (RuntimeException e) {
                            return e.getMessage();
                        }
                    }));
                }
                go.countDown();
                for (Future<String> f : opened) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).as("round %d", round).isEqualTo("ok");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
