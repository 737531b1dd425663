#include "remote/healthprobe.h"

#include <QRegularExpression>

namespace gpufailover {

QString toString(HealthSample::Status status)
{
    switch (status) {
    case HealthSample::Status::Healthy:
        return QStringLiteral("healthy");
    case HealthSample::Status::Unhealthy:
        return QStringLiteral("unhealthy");
    case HealthSample::Status::ProbeFailed:
        return QStringLiteral("probe_failed");
    }
    return {};
}

namespace healthprobe {
namespace {

const QLatin1StringView kRcMarker("__GPF_SMI_RC=");
const QLatin1StringView kDfMarker("__GPF_DF__");
const QLatin1StringView kHungMarker("__GPF_SMI_HUNG");

std::optional<qint64> field(const QString &text)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

HealthSample failed(const QString &reason, qint64 latency = 0)
{
    HealthSample s;
    s.status = HealthSample::Status::ProbeFailed;
    s.reason = reason;
    s.latencyMs = latency;
    return s;
}

HealthSample sick(HealthSample s, const QString &reason)
{
    s.status = HealthSample::Status::Unhealthy;
    s.reason = reason;
    return s;
}

} // namespace

QString command(qint64 smiLimitMs)
{
    // Plain POSIX sh: the instance's shell may be anything. Markers keep the outputs apart.
    // nvidia-smi runs in the background with a deadline, so a wedged GPU or driver (nvidia-smi
    // stuck, often unkillable) is reported as such by a host that still answers, instead of
    // timing the whole probe out like a dead host. It is not waited for once it overstays. Its
    // output goes through a file in RAM (/dev/shm) first, so a full disk does not fail the
    // probe; with nowhere to write at all it runs in the foreground, as plain nvidia-smi would.
    const qint64 polls = qMax<qint64>(1, smiLimitMs / 50);
    return QStringLiteral("q='--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,"
                          "ecc.errors.uncorrected.volatile.total --format=csv,noheader,nounits'; "
                          "d=/dev/shm; [ -d $d ] && [ -w $d ] || d=${TMPDIR:-/tmp}; f=$d/.gpf_smi.$$; rc=; "
                          "if : > \"$f\" 2>/dev/null; then nvidia-smi $q >\"$f\" 2>&1 & p=$!; n=0; "
                          "while kill -0 $p 2>/dev/null; do if [ $n -ge %1 ]; then kill -9 $p 2>/dev/null; "
                          "echo __GPF_SMI_HUNG; rc=124; break; fi; sleep 0.05; n=$((n+1)); done; "
                          "if [ -z \"$rc\" ]; then wait $p; rc=$?; fi; cat \"$f\" 2>/dev/null; rm -f \"$f\"; "
                          "else nvidia-smi $q 2>&1; rc=$?; fi; "
                          "echo \"__GPF_SMI_RC=$rc\"; echo __GPF_DF__; df -P -B1 /workspace 2>/dev/null | tail -n 1")
        .arg(polls);
}

HealthSample parse(const Result<ExecResult> &result)
{
    if (!result)
        return failed(QStringLiteral("SSH: %1").arg(result.error().message));
    const ExecResult &r = *result;
    const QString out = QString::fromUtf8(r.out);
    const qsizetype rcAt = out.indexOf(kRcMarker);
    if (rcAt < 0)
        return failed(QStringLiteral("unreadable probe output (exit %1)").arg(r.exitStatus), r.elapsedMs);
    const QString smi = out.left(rcAt);
    const int rc = QStringView(out).mid(rcAt + kRcMarker.size()).split(u'\n').value(0).toInt();

    HealthSample s;
    s.latencyMs = r.elapsedMs;
    const qsizetype dfAt = out.indexOf(kDfMarker);
    if (dfAt >= 0) {
        const QStringList cols
            = out.mid(dfAt + kDfMarker.size()).trimmed().split(QRegularExpression(QStringLiteral("\\s+")));
        if (cols.size() >= 6) {
            s.diskTotalBytes = field(cols[1]);
            s.diskUsedBytes = field(cols[2]);
        }
    }

    if (smi.contains(kHungMarker))
        return sick(s, QStringLiteral("nvidia-smi did not answer in time: the GPU or its driver is wedged"));
    // The failure texts nvidia-smi and the driver print when a GPU is gone.
    if (smi.contains(QLatin1StringView("fallen off the bus"), Qt::CaseInsensitive))
        return sick(s, QStringLiteral("GPU has fallen off the bus"));
    if (smi.contains(QLatin1StringView("couldn't communicate with the NVIDIA driver"), Qt::CaseInsensitive))
        return sick(s, QStringLiteral("nvidia-smi cannot talk to the NVIDIA driver"));
    if (smi.contains(QLatin1StringView("Unable to determine the device handle"), Qt::CaseInsensitive))
        return sick(s, QStringLiteral("a GPU cannot be reached (device handle error)"));
    if (rc == 127 || smi.contains(QLatin1StringView("command not found"))
        || smi.contains(QLatin1StringView(": not found")))
        return sick(s, QStringLiteral("nvidia-smi is missing on the instance"));
    if (rc != 0)
        return failed(
            QStringLiteral("nvidia-smi exited with %1: %2").arg(rc).arg(smi.trimmed().left(200)), r.elapsedMs);

    for (const QString &line : smi.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList c = line.split(u',');
        if (c.size() != 7)
            return failed(
                QStringLiteral("unreadable nvidia-smi output: %1").arg(line.trimmed().left(120)), r.elapsedMs);
        GpuReading g;
        const auto index = field(c[0]);
        if (!index)
            return failed(
                QStringLiteral("unreadable nvidia-smi output: %1").arg(line.trimmed().left(120)), r.elapsedMs);
        g.index = int(*index);
        g.name = c[1].trimmed();
        const auto asInt = [](const QString &v) -> std::optional<int> {
            const auto n = field(v);
            return n ? std::optional<int>(int(*n)) : std::nullopt;
        };
        g.utilizationPct = asInt(c[2]);
        g.memoryUsedMiB = asInt(c[3]);
        g.memoryTotalMiB = asInt(c[4]);
        g.temperatureC = asInt(c[5]);
        g.eccUncorrected = field(c[6]);
        if (line.contains(QLatin1StringView("requires reset"), Qt::CaseInsensitive))
            return sick(s, QStringLiteral("GPU %1 requires a reset").arg(g.index));
        s.gpus.append(g);
    }
    if (s.gpus.isEmpty())
        return sick(s, QStringLiteral("nvidia-smi lists no GPU"));
    for (const GpuReading &g : std::as_const(s.gpus)) {
        if (g.eccUncorrected.value_or(0) > 0)
            return sick(
                s, QStringLiteral("GPU %1 reports %2 uncorrected ECC errors").arg(g.index).arg(*g.eccUncorrected));
    }
    s.status = HealthSample::Status::Healthy;
    return s;
}

} // namespace healthprobe
} // namespace gpufailover
