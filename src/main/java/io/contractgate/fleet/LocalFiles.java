package io.contractgate.fleet;

import io.contractgate.admin.AtomicFiles;
import io.contractgate.admin.BrokerSettingsFile;
import io.contractgate.admin.ContractVersions;
import io.contractgate.admin.MappingStore;
import io.contractgate.contract.ContractStore;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A gateway's configuration files as shared configuration (key to text, see {@link StateKey}): the mapping route
 * files ({@code routes/mapping-<id>.camel.yaml}), the contracts ({@code schemas/<id>.schema.json}), their history
 * ({@code schemas/.versions/<id>/}) and the broker settings saved through the admin API
 * ({@code config/broker.properties}) without the keys that belong to one gateway ({@link #PER_GATEWAY}). Reads them
 * all, and writes or removes one, atomically. Other route files are never touched.
 */
public final class LocalFiles {

    /** Broker keys each gateway keeps for itself: two gateways with one client id would throw each other off. */
    public static final List<String> PER_GATEWAY = List.of("mqtt.client-id");

    private final Path routes;
    private final Path contracts;
    private final Path config;

    public LocalFiles(Path routesDir, Path contractsDir, Path configDir) {
        this.routes = routesDir;
        this.contracts = contractsDir;
        this.config = configDir;
    }

    /** Every shared file's text by key, sorted. */
    public Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (Path p : list(routes)) {
            String n = p.getFileName().toString();
            if (n.startsWith(MappingStore.PREFIX) && n.endsWith(MappingStore.SUFFIX) && Files.isRegularFile(p)) {
                String id = n.substring(MappingStore.PREFIX.length(), n.length() - MappingStore.SUFFIX.length());
                if (StateKey.valid("mapping/" + id)) {
                    put(out, "mapping/" + id, p);
                }
            }
        }
        for (Path p : list(contracts)) {
            String n = p.getFileName().toString();
            if (n.endsWith(ContractStore.SUFFIX) && Files.isRegularFile(p)) {
                String id = n.substring(0, n.length() - ContractStore.SUFFIX.length());
                if (StateKey.valid("contract/" + id)) {
                    put(out, "contract/" + id, p);
                }
            }
        }
        for (Path dir : list(contracts.resolve(ContractVersions.FOLDER))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path p : list(dir)) {
                String key = "history/" + dir.getFileName() + "/" + p.getFileName();
                if (Files.isRegularFile(p) && StateKey.valid(key)) { // temp files start with '.' and are skipped
                    put(out, key, p);
                }
            }
        }
        Map<String, String> broker = sharedBroker(new BrokerSettingsFile(config).load());
        if (!broker.isEmpty()) {
            out.put(StateKey.BROKER, BrokerSettingsFile.render(broker));
        }
        return out;
    }

    /** Writes one key's text (atomically); the broker settings keep this gateway's own keys. */
    public void write(StateKey key, String text) {
        if (key.kind() == StateKey.Kind.BROKER) {
            Map<String, String> next = new TreeMap<>(parseBroker(text));
            new BrokerSettingsFile(config).load().forEach((k, v) -> {
                if (PER_GATEWAY.contains(k)) {
                    next.put(k, v);
                }
            });
            AtomicFiles.writeOwnerOnly(file(key), BrokerSettingsFile.render(next));
        } else {
            AtomicFiles.write(file(key), text);
        }
    }

    /** Removes one key's file (a no-op when it is absent). */
    public void remove(StateKey key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(key), e);
        }
    }

    /** Applies the steps as plain file writes: before the routes load, when nothing runs yet. */
    public void writeAll(List<ApplyPlan.Step> steps) {
        for (ApplyPlan.Step s : steps) {
            if (s.removal()) {
                remove(s.key());
            } else {
                write(s.key(), s.text());
            }
        }
    }

    /** The file of a key. */
    public Path file(StateKey key) {
        return switch (key.kind()) {
            case MAPPING -> routes.resolve(MappingStore.PREFIX + key.id() + MappingStore.SUFFIX);
            case CONTRACT -> contracts.resolve(key.id() + ContractStore.SUFFIX);
            case HISTORY -> contracts.resolve(ContractVersions.FOLDER).resolve(key.id()).resolve(key.file());
            case BROKER -> new BrokerSettingsFile(config).file();
        };
    }

    /** The broker settings text as a map (what {@link BrokerSettingsFile#render} wrote). */
    public static Map<String, String> parseBroker(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            if (BrokerSettingsFile.KEYS.contains(k) && !PER_GATEWAY.contains(k)) {
                out.put(k, p.getProperty(k));
            }
        }
        return out;
    }

    private static Map<String, String> sharedBroker(Map<String, String> saved) {
        Map<String, String> out = new TreeMap<>(saved);
        PER_GATEWAY.forEach(out::remove);
        return out;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Reads one file into the snapshot; one removed since the folder was listed is not part of it. */
    private static void put(Map<String, String> out, String key, Path p) {
        try {
            out.put(key, Files.readString(p, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
