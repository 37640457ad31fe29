package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.deploypolicy.DecisionLog;
import org.deploypolicy.PolicyException;
import org.deploypolicy.server.DecisionServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-policy serve}: the HTTP decision service and its playground page. */
@Command(name = "serve", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Serves decisions over HTTP (POST /v1/decisions, GET /v1/policy, GET /health, "
                + "POST /v1/policy/reload from loopback, GET /v1/calendar and /v1/calendar.ics) and the playground "
                + "page at /. Binds to loopback unless "
                + "--host says otherwise; reloads when the policy directory changes. Exit 3 when the policy cannot "
                + "be read, 74 when the address cannot be bound or the decision log cannot be used.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", paramLabel = "DIR", description = "A policy directory. Default: the reference policy.")
    private Path policy;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port, 0..65535 (0 for a free one). Default: 8080.")
    private int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to bind. Default: 127.0.0.1 (loopback only).")
    private String host;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "Requests decided at once, at least 1. Default: 4.")
    private int workers;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Append every decision to this decision log; a decision that cannot be written there is "
                    + "answered 503 IO_FAILED, never sent unrecorded.")
    private Path log;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': must be a port in 0..65535; was " + port);
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--workers': must be at least 1; was " + workers);
        }
        DecisionServer server;
        try {
            server = DecisionServer.start(new DecisionServer.Options(policy, host, port, workers,
                    log == null ? null : DecisionLog.toFile(log)));
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Serving policy " + server.policy().id().name() + " " + server.policy().id().version()
                + " at " + server.address() + " (playground at " + server.address() + ")");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return Exit.OK;
    }
}
