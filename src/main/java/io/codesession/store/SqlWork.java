package io.codesession.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work against the open connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
