#pragma once

#include "core/cloudtypes.h"
#include "core/result.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace gpufailover {

class KnownHosts;
class RemoteShell;

// One copy of a workspace kept on another host (the CPU standby), in generations:
// each sync goes host to host (rsync on the source pushes over SSH with a key deployed for that
// pair) into a new directory hard-linked to the previous one, gets a manifest of sha256 sums
// written last, and becomes current by an atomic rename of the `current` link. A half-done sync
// is never current. Guards refuse to overwrite a good copy with an empty, shrunken or stale one.
class GenerationSync final : public QObject
{
    Q_OBJECT
public:
    struct Pair
    {
        SshEndpoint source; // the GPU instance (its /workspace)
        SshEndpoint dest; // the standby, as both we and the source reach it
        QString destBase; // directory of the generations on the standby
    };
    struct Options
    {
        double maxDropFraction = 0.5; // refuse when files or bytes fall by more than this
        qint64 timeoutMs = 3600000;
        QStringList excludes;
        // Every Nth generation is copied with --checksum (0: never). The others trust size and
        // mtime, as rsync does, and hard-link what looks unchanged: a file rewritten with both
        // kept would stay stale until the next checksum pass. At the default 30 s
        // sync, 120 is one full read an hour.
        int checksumEvery = 120;
    };
    struct Run
    {
        qint64 sequence = 0; // the generation directory's number on the standby
        qint64 sourceGeneration = 0; // the workspace generation it copies
        qint64 files = 0;
        qint64 bytes = 0;
        qint64 filesHashed = 0; // new or changed: the others kept their hash from the previous generation
        bool checksummed = false; // compared by content, not by size and mtime
        QDateTime startedAt; // the copy is at least this recent
    };
    struct Copy
    {
        qint64 sequence = 0;
        qint64 sourceGeneration = 0;
        qint64 files = 0;
        qint64 bytes = 0;
    };
    // Error codes of run(): no_marker, stale_source, shrunk (guards; nothing was touched), and
    // disk_full, timeout, ssh_error, disconnected... (the run failed; the current copy is intact).

    GenerationSync(RemoteShell *shell, KnownHosts *knownHosts, QObject *parent = nullptr);

    void run(const Pair &pair, const Options &options, QObject *context, std::function<void(Result<Run>)> done);
    struct Restored
    {
        Copy copy; // what was restored
        bool verified = false; // every file of its manifest matched
        qint64 filesVerified = 0;
        QStringList bad;
        QString detail;
    };
    // Puts the current copy back on `target`'s /workspace, host to host (rsync on the standby),
    // then checks every file there against the copy's manifest. Error "no_copy" when there is none.
    void restore(const Pair &pair, const SshEndpoint &target, const Options &options, QObject *context,
        std::function<void(Result<Restored>)> done);
    // The current complete copy on the standby, if any.
    void current(const Pair &pair, QObject *context, std::function<void(Result<std::optional<Copy>>)> done);

    static QString manifestProgram(); // python3, run on the standby

private:
    void deployPairKey(const Pair &pair, QObject *context, std::function<void(Status)> done);

    RemoteShell *m_shell;
    KnownHosts *m_known;
    QHash<QString, bool> m_deployed; // pairs whose key is in place
};

} // namespace gpufailover
