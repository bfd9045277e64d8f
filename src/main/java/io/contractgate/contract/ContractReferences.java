package io.contractgate.contract;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The only place a contract's references ({@code $ref}, {@code $schema}, a relative {@code $id}) can load anything
 * from: another contract of the store, by its {@code $id} or its file name {@code <id>.schema.json}, or a JSON Schema
 * meta-schema bundled in the networknt jar. Everything else (http, https, file, jar, other classpath resources,
 * paths with {@code ..}) is refused with an {@link InvalidContractException} naming the reference, so nothing is ever
 * fetched from the network or read from the file system while compiling or validating.
 */
public final class ContractReferences implements SchemaLoader {

    /** The meta-schemas networknt bundles, after its own mapping of their https://json-schema.org IRIs. */
    private static final Pattern BUNDLED_META_SCHEMA = Pattern.compile(
            "classpath:draft(-0[467]/schema|/20(19-09|20-12)/(schema|meta/[a-z-]{1,40}))");
    private static final Pattern FILE_NAME = Pattern.compile(
            "(?:.*[/:])?(" + ContractStore.ID.pattern() + ")" + Pattern.quote(ContractStore.SUFFIX));

    /** Looks a contract's text up by its $id (the IRI without fragment). */
    private final Function<String, Optional<String>> byIri;
    /** Looks a contract's text up by its id (file name without suffix). */
    private final Function<String, Optional<String>> byId;

    /**
     * @param byIri text of the stored contract whose {@code $id} is this IRI
     * @param byId  text of the stored contract with this id (file {@code <id>.schema.json})
     */
    public ContractReferences(Function<String, Optional<String>> byIri, Function<String, Optional<String>> byId) {
        this.byIri = byIri;
        this.byId = byId;
    }

    /** References to nothing but the bundled meta-schemas (a dry run or a store without lookups). */
    public static ContractReferences none() {
        return new ContractReferences(iri -> Optional.empty(), id -> Optional.empty());
    }

    @Override
    public InputStreamSource getSchema(AbsoluteIri absoluteIri) {
        String iri = absoluteIri.toString();
        int hash = iri.indexOf('#');
        if (hash >= 0) {
            iri = iri.substring(0, hash);
        }
        if (BUNDLED_META_SCHEMA.matcher(iri).matches()) {
            return null; // networknt's classpath loader reads it from its own jar
        }
        Optional<String> text = byIri.apply(iri);
        if (text.isEmpty() && isStoreRelative(iri)) {
            var m = FILE_NAME.matcher(iri);
            if (m.matches()) {
                text = byId.apply(m.group(1));
            }
        }
        if (text.isPresent()) {
            byte[] bytes = text.get().getBytes(StandardCharsets.UTF_8);
            return () -> new ByteArrayInputStream(bytes);
        }
        throw refused(absoluteIri.toString());
    }

    /** No scheme (a plain file name) or the gateway's own urn: a file name there can only mean a stored contract. */
    private static boolean isStoreRelative(String iri) {
        if (iri.contains("..") || iri.contains("\\") || iri.contains("%")) {
            return false;
        }
        String scheme = AbsoluteIri.getScheme(iri);
        return scheme == null || scheme.isEmpty() || iri.startsWith("urn:contract-gateway:");
    }

    static UnsupportedReferenceException refused(String reference) {
        return new UnsupportedReferenceException("reference '" + reference + "' is not allowed: a contract may only"
                + " refer to another contract (by its $id or its file name <id>" + ContractStore.SUFFIX
                + ") or to a bundled JSON Schema meta-schema; nothing is fetched from the network or the file system");
    }

    /** A reference the gateway refuses to follow. */
    public static final class UnsupportedReferenceException extends InvalidContractException {
        public UnsupportedReferenceException(String message) {
            super(message);
        }
    }
}
