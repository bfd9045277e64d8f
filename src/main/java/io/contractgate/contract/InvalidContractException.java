package io.contractgate.contract;

/** A contract that cannot be used: not JSON, not a schema, or not compilable. The message names the contract. */
public class InvalidContractException extends RuntimeException {
    public InvalidContractException(String message) {
        super(message);
    }
}
