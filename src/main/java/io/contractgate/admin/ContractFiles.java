package io.contractgate.admin;

import io.contractgate.contract.ContractStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** The contract files as saved: the text behind each contract id, read fresh for every admin request. */
final class ContractFiles {

    private final ContractStore contracts;

    ContractFiles(ContractStore contracts) {
        this.contracts = contracts;
    }

    ContractStore store() {
        return contracts;
    }

    Optional<String> read(String id) {
        try {
            return Optional.of(Files.readString(contracts.file(id), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of an existing contract, else 404 naming the id. */
    String require(String id) {
        return read(id).orElseThrow(() -> ApiException.notFound("id", "no contract '" + id + "'"));
    }

    void write(String id, String text) {
        AtomicFiles.write(contracts.file(id), text);
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(contracts.file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
