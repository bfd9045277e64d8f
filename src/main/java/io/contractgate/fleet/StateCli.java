package io.contractgate.fleet;

import io.contractgate.admin.AdminSettings;
import io.contractgate.database.PooledDatabase;
import io.contractgate.startup.StartupProblem;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves a gateway's configuration files into the fleet's database and back, in one command:
 * <pre>
 * java -cp target/contract-gateway.jar io.contractgate.fleet.StateCli import --state.jdbc-url=jdbc:postgresql://db/gw
 * java -cp target/contract-gateway.jar io.contractgate.fleet.StateCli export --state.jdbc-url=... --dir=/tmp/out
 * </pre>
 * {@code import} makes the database hold exactly the files (mappings, contracts with their history, shared broker
 * settings) as one new configuration version, which running gateways apply at once; {@code export} writes what the
 * database holds into the folders, removing mapping and contract files it does not know. Settings as
 * {@code --key=value} or environment variables (STATE_JDBC_URL, STATE_USER, STATE_PASSWORD or STATE_PASSWORD_FILE);
 * folders by {@code --dir=<home>} (its routes/, schemas/, config/) or {@code --admin.routes-dir}, {@code --contracts.dir},
 * {@code --admin.config-dir}. Exit code 0 on success, 1 on a refused or failed run, 2 on a usage error.
 */
public final class StateCli {

    private StateCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || !(args[0].equals("import") || args[0].equals("export"))) {
            err.println("usage: StateCli import|export --state.jdbc-url=jdbc:postgresql://host:5432/db"
                    + " [--state.user=...] [--dir=<folder with routes/, schemas/, config/>]");
            return 2;
        }
        Map<String, String> given = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 3) {
                err.println("not a --key=value argument: " + a);
                return 2;
            }
            given.put(a.substring(2, eq), a.substring(eq + 1));
        }
        try {
            Function<String, String> props = properties(given, env);
            StateSettings s = StateSettings.from(props, "state-cli");
            if (s == null) {
                err.println("state.jdbc-url is not set (--state.jdbc-url=... or STATE_JDBC_URL)");
                return 2;
            }
            AdminSettings dirs = AdminSettings.from(props);
            LocalFiles files = new LocalFiles(dirs.routesDir(), dirs.contractsDir(), dirs.configDir());
            try (PooledDatabase db = PooledDatabase.open(s.databaseSpec(2))) {
                StateStore store = new StateStore(db.dataSource());
                out.println(args[0].equals("import") ? importFiles(store, files) : exportFiles(store, files));
            }
            return 0;
        } catch (StartupProblem e) { // the database cannot be opened: the sentence names the settings
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | SQLException e) {
            err.println(args[0] + " failed: " + PooledDatabase.rootMessage(e));
            return 1;
        }
    }

    /** Makes the database hold exactly the files, as one new version (none when nothing differs). */
    static String importFiles(StateStore store, LocalFiles files) throws SQLException {
        Map<String, String> local = files.snapshot();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long v = store.lockVersion(c);
                List<ApplyPlan.Step> steps = ApplyPlan.between(store.items(c), local);
                long next = steps.isEmpty() ? v : store.write(c, steps, v, "state-cli");
                c.commit();
                return "imported " + local.size() + " items (" + steps.size() + " changed): configuration version "
                        + next + (steps.isEmpty() ? "" : "; " + ApplyPlan.describe(steps));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes the files what the database holds. */
    static String exportFiles(StateStore store, LocalFiles files) throws SQLException {
        StateStore.Snapshot s = store.read();
        List<ApplyPlan.Step> steps = ApplyPlan.between(files.snapshot(), s.items());
        files.writeAll(steps);
        return "exported " + s.items().size() + " items (" + steps.size() + " files written or removed) of"
                + " configuration version " + s.version();
    }

    /** The arguments first, then the environment (KEY_NAME for key.name), then --dir's folders. */
    private static Function<String, String> properties(Map<String, String> given, Map<String, String> env)
            throws IllegalArgumentException {
        Map<String, String> p = new HashMap<>();
        String dir = given.get("dir");
        if (dir != null) {
            p.put("admin.routes-dir", Path.of(dir, "routes").toString());
            p.put("contracts.dir", Path.of(dir, "schemas").toString());
            p.put("admin.config-dir", Path.of(dir, "config").toString());
        }
        for (String key : List.of("state.jdbc-url", "state.user", "state.password", "state.timeout-ms")) {
            String v = env.get(key.toUpperCase().replace('.', '_').replace('-', '_'));
            if (v != null) {
                p.put(key, v);
            }
        }
        String file = env.get("STATE_PASSWORD_FILE");
        if (file != null && !file.isBlank() && !given.containsKey("state.password")) {
            try {
                p.put("state.password", Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("STATE_PASSWORD_FILE: cannot read the file " + file
                        + " (state.password)");
            }
        }
        p.putAll(given);
        p.remove("dir");
        return p::get;
    }
}
