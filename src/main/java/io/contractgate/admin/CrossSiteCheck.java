package io.contractgate.admin;

import java.util.Locale;

/**
 * CSRF defence for requests that change something (anything but GET, HEAD, OPTIONS): a request another site made the
 * browser send is refused. Browsers mark those with {@code Sec-Fetch-Site} and {@code Origin}; and a cross-site
 * form or a simple {@code fetch} cannot send {@code Content-Type: application/json} or a custom header without a CORS
 * preflight, which this server never grants. So a change must come from this origin and carry a JSON body (or YAML,
 * for the AsyncAPI import: no YAML type is one a form may send either), or no body and the {@value #REQUESTED_BY}
 * header. API clients (curl, scripts) send neither Origin nor Sec-Fetch-Site.
 */
public final class CrossSiteCheck {

    /** The custom header a request without a body must carry (any value, e.g. the client's name). */
    public static final String REQUESTED_BY = "X-Requested-By";

    /** A refusal: the status to answer and why. */
    public record Refusal(int status, String message) {
    }

    private CrossSiteCheck() {
    }

    /**
     * @param ownOrigin    this server's origin as the client addressed it ({@code http://host:port})
     * @param origin       the Origin header, or null
     * @param fetchSite    the Sec-Fetch-Site header, or null
     * @param contentType  the Content-Type header, or null
     * @param hasBody      whether the request has a body (Content-Length above 0, or chunked)
     * @param requestedBy  the {@value #REQUESTED_BY} header, or null
     * @param bodyRules    false for endpoints that only need the origin checks (read-only Jolokia posts)
     * @return null when the request may go on
     */
    public static Refusal check(String method, String ownOrigin, String origin, String fetchSite, String contentType,
                                boolean hasBody, String requestedBy, boolean bodyRules) {
        if (AccessControl.isRead(method)) {
            return null;
        }
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return new Refusal(403, "cross-site request refused (Sec-Fetch-Site: " + fetchSite + ")");
        }
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin)) {
            return new Refusal(403, "cross-site request refused (Origin " + origin + " is not " + ownOrigin + ")");
        }
        if (!bodyRules || isJsonOrYaml(contentType)) {
            return null;
        }
        if (hasBody) {
            return new Refusal(415, "a request body must be sent as Content-Type: application/json (or application/yaml"
                    + " for a YAML AsyncAPI document)" + (contentType == null ? "" : "; was " + contentType));
        }
        if (requestedBy == null || requestedBy.isBlank()) {
            return new Refusal(403, "a " + method + " without a JSON body must carry the " + REQUESTED_BY
                    + " header (any value), or Content-Type: application/json");
        }
        return null;
    }

    /**
     * JSON, or YAML as {@code GET /api/asyncapi?format=yaml} answers it (refused before: the export could not be posted
     * back as what it is). None of these is a type a cross-site form or a simple fetch may send without a preflight.
     */
    static boolean isJsonOrYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/yaml") || type.equals("application/x-yaml")
                || type.equals("text/yaml");
    }
}
