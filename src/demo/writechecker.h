#pragma once

#include <QJsonObject>
#include <QString>

namespace gpufailover {

// Checks a workload's history, independently of the engine: the acknowledgement log (kept
// outside the fault domain) against what is on the volume.
//  - lost: acknowledged writes that are not on the volume;
//  - overlapping: writes that break "one writer per generation, generations only move forward"
//    (a second writer in a generation, or a write of an older generation after a newer one).
struct WriteCheck
{
    int acknowledged = 0;
    int onVolume = 0;
    int lost = 0;
    // Of the lost: writes older than one the volume kept from the same writer and generation (a
    // hole: data lost inside what was kept), and the rest, newer than anything kept (the tail a
    // restore to an earlier point gives up by design).
    int lostHoles = 0;
    int lostTail = 0;
    int overlapping = 0;
    int generations = 0;
    QString firstProblem;
    QJsonObject toJson() const;
};

WriteCheck checkWrites(const QString &ackLogPath, const QString &volumeLogPath);

// Copies the evidence into <dir>/history (acks first: the workload appends to the volume before
// it acknowledges, so the later copy of the volume holds every acknowledged write it should),
// for an independent checker after the simulated machines are gone. Answers {ack_log,
// volume_log} with the copies' paths, or nothing when a copy failed.
QJsonObject keepEvidence(const QString &dir, const QString &ackLogPath, const QString &volumeLogPath);

// The workload the demo and tests run on a primary: appends "<writer> <generation> <seq>" to
// /workspace/writes.log, makes it durable, then acknowledges the same line in ackLogPath. The
// writer is the host's PID namespace and the process, so two instances, or two starts on one
// instance, never share an id. It holds the generation it started
// under as its token: once the volume says another (a newer holder took over while this one was
// frozen or cut off), its next write is refused, "<writer> <its generation> <the volume's>" goes
// to ackLogPath.refused, and it stops. The way a user's job should treat the marker.
QString refusedLogPath(const QString &ackLogPath);
QString workloadStartCommand(const QString &ackLogPath, int periodMs = 50);

} // namespace gpufailover
