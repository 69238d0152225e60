package io.codesession.cli;

import io.codesession.mcp.McpServer;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cs mcp}: the MCP server on stdio, until the client closes stdin. */
@Command(name = "mcp", description = "Serve the codesession tools to an MCP client over stdio (Claude Code, Codex, …).")
public class McpCommand implements Callable<Integer> {

    @Inject
    McpServer server;
    @Inject
    Output out;

    @Override
    public Integer call() throws IOException {
        // stdout belongs to the protocol: anything else that prints goes to stderr.
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream err = out.stderr();
        System.setOut(err);
        try {
            server.serve(new FileInputStream(FileDescriptor.in), protocol, err, out.version());
        } catch (IOException e) {
            err.println("codesession MCP server error: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
