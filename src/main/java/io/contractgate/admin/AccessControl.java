package io.contractgate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP Basic authentication with two roles: admin (everything) and viewer (reads only: GET, HEAD, OPTIONS).
 * Passwords are compared in constant time. Web pages sign in once and then carry a {@link Sessions} cookie instead.
 * A wall screen may sign in with the kiosk token ({@code web.kiosk-token}) instead: always the viewer role, only at
 * sign-in (never as a Basic password), compared as SHA-256 digests in constant time.
 */
public final class AccessControl {

    public enum Role { ADMIN, VIEWER }

    /** The decision for one request: the status to answer (0: let it through), and who it is. */
    public record Decision(int status, String user, Role role, String message) {
        public boolean allowed() {
            return status == 0;
        }
    }

    private final String adminUser;
    private final byte[] adminPassword;
    private final String viewerUser;
    private final byte[] viewerPassword;
    /** SHA-256 of the kiosk token, or null: kiosk sign-in off. */
    private final byte[] kioskDigest;

    /** The user name a kiosk sign-in gets (role viewer). */
    public static final String KIOSK_USER = "kiosk";

    /** A blank viewer password disables the viewer account. */
    public AccessControl(String adminUser, String adminPassword, String viewerUser, String viewerPassword) {
        this(adminUser, adminPassword, viewerUser, viewerPassword, null);
    }

    /** A blank kiosk token disables kiosk sign-in. */
    public AccessControl(String adminUser, String adminPassword, String viewerUser, String viewerPassword,
                         String kioskToken) {
        if (adminUser == null || adminUser.isBlank() || adminPassword == null || adminPassword.isEmpty()) {
            throw new IllegalArgumentException("admin.username and admin.password must not be empty");
        }
        this.adminUser = adminUser;
        this.adminPassword = adminPassword.getBytes(StandardCharsets.UTF_8);
        boolean viewer = viewerPassword != null && !viewerPassword.isEmpty() && viewerUser != null && !viewerUser.isBlank();
        this.viewerUser = viewer ? viewerUser : null;
        this.viewerPassword = viewer ? viewerPassword.getBytes(StandardCharsets.UTF_8) : null;
        this.kioskDigest = kioskToken == null || kioskToken.isEmpty() ? null : sha256(kioskToken);
    }

    /**
     * Decides a kiosk sign-in: the viewer role for the right token, whatever the method asked later (writes stay
     * refused); 401 for any other token, or when kiosk sign-in is off.
     */
    public Decision kiosk(String token) {
        // digests of equal length: the comparison's time tells nothing about the token
        byte[] given = sha256(token == null ? "" : token);
        byte[] expected = kioskDigest == null ? new byte[given.length] : kioskDigest;
        boolean ok = MessageDigest.isEqual(expected, given) & kioskDigest != null;
        return ok ? new Decision(0, KIOSK_USER, Role.VIEWER, null) : new Decision(401, null, null, "kiosk token refused");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /** Decides a request from its method and Authorization header. */
    public Decision decide(String method, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Decision(401, null, null, "authentication required");
        }
        String[] userAndPassword = basic(authorization);
        if (userAndPassword == null) {
            return new Decision(401, null, null, "malformed Basic credentials");
        }
        return authenticate(method, userAndPassword[0], userAndPassword[1]);
    }

    /** The user name of a Basic Authorization header; null when there is none or it cannot be read. */
    public static String basicUser(String authorization) {
        String[] userAndPassword = authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)
                ? null : basic(authorization);
        return userAndPassword == null ? null : userAndPassword[0];
    }

    /** A Basic header's user name and password, or null when it is malformed. */
    private static String[] basic(String authorization) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** Whether a user name is one of this access control's accounts (the kiosk's included when kiosk sign-in is on). */
    public boolean isAccount(String user) {
        return adminUser.equals(user) || viewerUser != null && viewerUser.equals(user)
                || kioskDigest != null && KIOSK_USER.equals(user);
    }

    /** Decides a request from a user name and password (a Basic header's, or a sign-in's). */
    public Decision authenticate(String method, String user, String passwordText) {
        byte[] password = passwordText.getBytes(StandardCharsets.UTF_8);
        // evaluate both comparisons every time so timing does not tell which user exists
        boolean admin = adminUser.equals(user) & MessageDigest.isEqual(adminPassword, password);
        boolean viewer = viewerUser != null && viewerUser.equals(user) & MessageDigest.isEqual(viewerPassword, password);
        if (admin) {
            return new Decision(0, user, Role.ADMIN, null);
        }
        if (viewer) {
            return byRole(method, user, Role.VIEWER);
        }
        return new Decision(401, null, null, "wrong user name or password");
    }

    /** Decides a request of a signed-in web page from its session. */
    public Decision decideSession(String method, Sessions.Session session) {
        return byRole(method, session.user(), session.role());
    }

    private static Decision byRole(String method, String user, Role role) {
        if (role == Role.ADMIN || isRead(method)) {
            return new Decision(0, user, role, null);
        }
        return new Decision(403, user, role, "user '" + user + "' has the viewer role: read only");
    }
}
