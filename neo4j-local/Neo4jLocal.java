import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * Embedded Neo4j Community for local development and tests.
 *
 * Usage: java [jvm flags] -cp 'lib/*' Neo4jLocal.java --home DIR [--port N] [--pagecache 64m]
 *            [--password-file FILE] [--set key=value ...]
 *
 * DIR becomes the Neo4j home: the store lives in DIR/data, Neo4j's own logs in DIR/logs,
 * and the generated settings in DIR/neo4j-local.conf. Bolt listens on 127.0.0.1:N
 * (N = 0 picks a free port), HTTP/HTTPS are off.
 *
 * With --password-file, authentication is on and user neo4j has the password the file holds:
 * on a new store it is the initial password before Bolt ever listens (no window with the
 * default neo4j/neo4j), and on every start it is set again, so the file stays the one source of
 * truth (also for a store created before authentication was turned on). The password travels
 * in a file, never on the command line, where any local user could read it in the process list.
 * Without --password-file, auth is off (loopback only).
 *
 * Protocol on stdout (nothing else is printed there):
 *   NEO4J_LOCAL_READY bolt://127.0.0.1:PORT     once Bolt accepts connections
 *   NEO4J_LOCAL_FAILED <reason> <one-line message>   if startup failed (then exit code 1)
 *     reason is one of: store-locked, port-in-use, error
 *   NEO4J_LOCAL_STOPPED                          after a clean shutdown
 * Stops cleanly on SIGTERM/SIGINT and when stdin reaches EOF (parent process gone).
 */
public final class Neo4jLocal {
    private static volatile DatabaseManagementService dbms;
    private static final Object LOCK = new Object();
    private static volatile boolean stopped;

    public static void main(String[] args) throws Exception {
        // Keep stdout for the protocol only; anything a library prints goes to stderr.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path home = null;
        int port = 0;
        String pageCache = "64m";
        Path passwordFile = null;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pagecache" -> pageCache = args[++i];
                case "--password-file" -> passwordFile = Path.of(args[++i]);
                case "--set" -> {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw new IllegalArgumentException("--set expects key=value, got " + kv);
                    extra.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (home == null) throw new IllegalArgumentException("--home DIR is required");
        home = home.toAbsolutePath();
        Files.createDirectories(home);
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
        }

        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("server.bolt.enabled", "true");
        conf.put("server.bolt.listen_address", "127.0.0.1:" + port);
        conf.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        conf.put("server.bolt.tls_level", "DISABLED");
        conf.put("server.http.enabled", "false");
        conf.put("server.https.enabled", "false");
        String password = passwordFile == null ? null : Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        if (password != null && password.isEmpty()) throw new IllegalArgumentException("--password-file " + passwordFile + " is empty");
        conf.put("dbms.security.auth_enabled", password != null ? "true" : "false");
        conf.put("server.memory.pagecache.size", pageCache);
        conf.put("db.memory.transaction.total.max", "0"); // no extra cap beyond the heap
        conf.put("db.tx_log.rotation.retention_policy", "2 files");
        conf.put("db.tx_log.rotation.size", "16M");
        conf.put("db.tx_log.preallocate", "false");
        conf.put("dbms.usage_report.enabled", "false");
        conf.put("server.directories.logs", home.resolve("logs").toString());
        conf.put("db.logs.query.enabled", "OFF");
        // Bolt's netty event loops otherwise wait a 5 s quiet period twice on shutdown.
        conf.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        conf.put("internal.dbms.bolt.netty_server_shutdown_timeout", "5s");
        conf.putAll(extra);
        Path confFile = home.resolve("neo4j-local.conf");
        try (Writer w = Files.newBufferedWriter(confFile, StandardCharsets.UTF_8)) {
            w.write("# Generated by Neo4jLocal.java on each start; edits are overwritten.\n");
            for (var e : conf.entrySet()) w.write(e.getKey() + "=" + e.getValue() + "\n");
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            if (stopped) protocol.println("NEO4J_LOCAL_STOPPED");
        }, "neo4j-local-shutdown"));

        Thread stdinWatcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) { /* ignore input, wait for EOF */ }
            } catch (IOException ignored) {
                // treat a broken stdin like EOF
            }
            System.err.println("neo4j-local: stdin closed, shutting down");
            System.exit(0);
        }, "neo4j-local-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();

        try {
            boolean newStore = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
            if (password != null && newStore) setInitialPassword(home, password);
            DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                    .loadPropertiesFromFile(confFile)
                    .build();
            synchronized (LOCK) {
                dbms = service;
            }
            GraphDatabaseService db = service.database("neo4j");
            // Ensure the default database is really up before announcing readiness.
            db.executeTransactionally("RETURN 1");
            if (password != null) syncPassword(service, password);
        } catch (Throwable t) {
            String reason = classify(t);
            String message = reason.equals("error") ? rootMessage(t) : deepestMessage(t);
            protocol.println("NEO4J_LOCAL_FAILED " + reason + " " + oneLine(message));
            t.printStackTrace(System.err);
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }

        protocol.println("NEO4J_LOCAL_READY bolt://127.0.0.1:" + port);
        new CountDownLatch(1).await(); // until a signal or stdin EOF ends the JVM
    }

    /** Writes data/dbms/auth.ini, which Neo4j applies when it creates the system database. */
    private static void setInitialPassword(Path home, String password) {
        var context = new ExecutionContext(home, home, System.err, System.err, new DefaultFileSystemAbstraction());
        int code = new CommandLine(new SetInitialPasswordCommand(context)).execute(password);
        if (code != 0) throw new IllegalStateException("could not set the initial password (exit code " + code + ")");
    }

    /** Sets neo4j's password to the file's (a no-op when it already is). */
    private static void syncPassword(DatabaseManagementService service, String password) {
        try {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the one it already has: nothing to do then.
            if (!String.valueOf(rootMessage(e)).contains("cannot be the same")) throw e;
        }
    }

    private static void stop() {
        synchronized (LOCK) {
            if (dbms == null || stopped) return;
            try {
                dbms.shutdown();
                stopped = true;
            } catch (Throwable t) {
                System.err.println("neo4j-local: shutdown failed: " + t);
            }
        }
    }

    private static String classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String name = c.getClass().getName();
            String msg = String.valueOf(c.getMessage());
            if (name.endsWith("FileLockException") || msg.contains("Unable to obtain lock") || msg.contains("store_lock")) {
                return "store-locked";
            }
            if (c instanceof java.net.BindException || msg.contains("Address already in use")) {
                return "port-in-use";
            }
        }
        return "error";
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) break;
        }
        return sb.toString();
    }

    private static String deepestMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
