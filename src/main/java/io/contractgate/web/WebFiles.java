package io.contractgate.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which file of {@code web/} a request path names, and nothing else: {@code /} is the dashboard,
 * {@code /admin} the admin page, {@code /assets/...} the files under web/assets. The raw (undecoded) path must match a
 * strict pattern (no dot segments, no percent-encoding, no hidden files), the resolved file must stay inside the
 * real web folder after symlinks, and only known file types are served. Anything else is "not here".
 */
public final class WebFiles {

    /** A file to serve and its content type. */
    public record Resolved(Path file, String contentType) {
    }

    private static final Pattern ASSET = Pattern.compile(
            "/assets/(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}/){0,4}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/admin", "admin.html",
            "/admin/", "admin.html",
            "/admin.html", "admin.html");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final Path root;

    /** @param webDir the web folder; must exist (the caller names the property when it does not) */
    public WebFiles(Path webDir) throws IOException {
        this.root = webDir.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
    }

    public Path root() {
        return root;
    }

    /** True when the raw path is one this class answers for (a page or under /assets/), served or not. */
    public static boolean owns(String rawPath) {
        return rawPath != null && (PAGES.containsKey(rawPath) || rawPath.startsWith("/assets/"));
    }

    /** The file for a raw request path (as sent, before any decoding), or empty. */
    public Optional<Resolved> resolve(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        String relative = PAGES.get(rawPath);
        if (relative == null) {
            if (!ASSET.matcher(rawPath).matches() || rawPath.contains("..")) {
                return Optional.empty();
            }
            relative = rawPath.substring(1);
        }
        int dot = relative.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(relative.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root) || !Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            // no symbolic link anywhere on the way: nothing in web/ can point outside it
            if (!candidate.toRealPath().equals(candidate)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Resolved(candidate, type));
    }
}
