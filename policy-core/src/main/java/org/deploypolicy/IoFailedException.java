package org.deploypolicy;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine failed, not the request or the policy: a decision log that cannot be written (then no decision
 * is returned, since none may leave unrecorded), an address that cannot be bound. The message names the file or
 * address and gives the system's reason in words.
 */
public final class IoFailedException extends PolicyException {
    private final List<IoProblem> problems;

    public IoFailedException(IoProblem problem, Throwable cause) {
        super(List.of(problem), cause);
        this.problems = List.of(problem);
    }

    /**
     * An error for an {@link IOException}: {@code failed} says what could not be done ({@code cannot write the
     * decision log}), and the system's reason follows in words ({@code no such directory}, {@code permission
     * denied}, {@code is a directory}, {@code disk full}, {@code address already in use}).
     *
     * @param file   the file, or {@code host:port}, as the user gave it
     * @param failed what could not be done
     * @param cause  the failure
     */
    public static IoFailedException of(String file, String failed, IOException cause) {
        return new IoFailedException(new IoProblem(file, failed + ": " + reason(cause)), cause);
    }

    @Override
    public String code() {
        return "IO_FAILED";
    }

    @Override
    public List<IoProblem> problems() {
        return problems;
    }

    /**
     * The system's reason for an I/O failure in words ({@code no such file}, {@code permission denied},
     * {@code disk full (...)}); never the name of a Java class.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missingDirectory(missing.getFile()) ? "no such directory" : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (reason == null || reason.isBlank() || reason.contains("Exception") || reason.contains("java.")) {
            return e instanceof BindException ? "the address cannot be bound" : "input/output error";
        }
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return "disk full (" + lowerFirst(reason) + ")";
        }
        return lowerFirst(reason);
    }

    /** Whether a file is missing because a directory on its way is. */
    private static boolean missingDirectory(String file) {
        if (file == null) {
            return false;
        }
        try {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String lowerFirst(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 1 && Character.isUpperCase(trimmed.charAt(1))) {
            return trimmed;
        }
        return trimmed.substring(0, 1).toLowerCase(Locale.ROOT) + trimmed.substring(1);
    }
}
