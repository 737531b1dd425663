#pragma once

#include "core/result.h"
#include "remote/remotescript.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace gpufailover {

// A restic repository on B2, R2 or any S3-compatible store. Credentials and the repository
// password reach restic only through the environment of the remote command (read from stdin).
struct ResticRepo
{
    QString repository; // "s3:https://s3.us-west-004.backblazeb2.com/bucket/path"
    QString password;
    QString accessKeyId;
    QString secretAccessKey;
    QString region; // "auto" for R2
    QString caCertFile; // on the host running restic, for self-hosted stores
};

struct ResticOutcome
{
    bool ok = false;
    bool incomplete = false; // exit 3: a snapshot was written, but some files could not be read
    QString code; // ok, incomplete, wrong_password, lock_conflict, no_repository, credentials, error, missing
    QString message;
};

struct ResticStatus
{
    double percentDone = 0;
    qint64 bytesDone = 0, totalBytes = 0, filesDone = 0;
};
struct ResticSummary
{
    QString snapshotId;
    qint64 dataAdded = 0; // bytes uploaded
    qint64 filesNew = 0, filesChanged = 0;
    qint64 totalBytesProcessed = 0;
};

namespace restic {
// Any restic invocation as a remote command with its secrets on stdin.
Result<SecretEnvCommand> command(const ResticRepo &repo, const QStringList &args);
QStringList backupArguments(
    const QStringList &paths, const QStringList &tags, const QString &hostName, const QStringList &excludes = {});
ResticOutcome mapExit(int exitCode, const QString &stderrText);
// One line of `restic backup --json` output.
std::optional<std::variant<ResticStatus, ResticSummary>> parseJsonLine(const QByteArray &line);
} // namespace restic

} // namespace gpufailover
