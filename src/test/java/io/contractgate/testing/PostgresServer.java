package io.contractgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, from Debian's {@code postgresql} package (scripts/install-test-deps.sh):
 * initdb into a temporary folder, pg_ctl start on a free loopback port with fsync off, trust auth for user
 * {@value #USER}. PostgreSQL refuses to run as root, so as root the commands run as the package's {@code postgres}
 * user. Starts in about a second.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "gateway";
    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresServer start() throws Exception {
        Path bin = bin();
        Path dir = Files.createTempDirectory("pg-test");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        }
        int port = GatewayRunner.freePort();
        PostgresServer s = new PostgresServer(dir, bin, port);
        s.run(root, bin.resolve("initdb") + " -D " + dir.resolve("data") + " -U " + USER
                + " --auth=trust -E UTF8 --no-sync --no-instructions");
        s.run(root, bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -l " + dir.resolve("log") + " -w -t 60"
                + " -o '-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c synchronous_commit=off -c full_page_writes=off' start");
        return s;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    private final java.util.concurrent.atomic.AtomicInteger databases = new java.util.concurrent.atomic.AtomicInteger();

    /** Creates a new empty database {@code <prefix><n>} on this server and answers its JDBC URL. */
    public String createDatabase(String prefix) throws java.sql.SQLException {
        String db = prefix + databases.incrementAndGet();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl(), USER, "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        return jdbcUrl().replace("/postgres", "/" + db);
    }

    private static Path bin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException("PostgreSQL is not installed (/usr/lib/postgresql): run scripts/install-test-deps.sh");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }

    private void run(boolean root, String command) throws Exception {
        List<String> cmd = root ? List.of("su", "postgres", "-s", "/bin/sh", "-c", command) : List.of("/bin/sh", "-c", command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IllegalStateException("'" + command + "' failed: " + out + log);
        }
    }

    /**
     * One server for a test class: {@code @RegisterExtension static final PostgresServer.PerClass pg = new
     * PostgresServer.PerClass();} starts it before the class' first test and stops it after its last.
     */
    public static final class PerClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback {

        private PostgresServer server;

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            server = start();
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        /** The running server (between the class' first and last test). */
        public PostgresServer server() {
            if (server == null) {
                throw new IllegalStateException("the PostgreSQL server runs only while the test class does");
            }
            return server;
        }
    }

    @Override
    public void close() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            run(root, bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
