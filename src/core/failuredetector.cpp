#include "core/failuredetector.h"

namespace gpufailover {

QString toString(FailureDetector::Verdict v)
{
    switch (v) {
    case FailureDetector::Verdict::Healthy:
        return QStringLiteral("healthy");
    case FailureDetector::Verdict::Suspect:
        return QStringLiteral("suspect");
    case FailureDetector::Verdict::Dead:
        return QStringLiteral("dead");
    case FailureDetector::Verdict::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

bool machineAnswers(Observation::Ssh ssh)
{
    return ssh == Observation::Ssh::Ok || ssh == Observation::Ssh::Slow || ssh == Observation::Ssh::GpuSick;
}

void FailureDetector::reset()
{
    m_failures = 0;
    m_offlineSinceMs.reset();
}

FailureDetector::Outcome FailureDetector::observe(const Observation &o)
{
    Outcome out;

    // The laptop slept: boot time moved much more than monotonic time. Whatever failed around
    // the sleep says nothing about the instance.
    if (m_lastMono && m_lastBoot) {
        const qint64 slept = (o.bootTimeMs - *m_lastBoot) - (o.monotonicMs - *m_lastMono);
        if (slept > qMax<qint64>(2 * m_params.intervalMs, 5000)) {
            m_lastMono = o.monotonicMs;
            m_lastBoot = o.bootTimeMs;
            reset();
            m_settleRounds = m_params.threshold;
            out.observerSuspended = true;
            out.reason = QStringLiteral("the observer was suspended for %1 s; starting over").arg(slept / 1000);
            return out;
        }
    }
    m_lastMono = o.monotonicMs;
    m_lastBoot = o.bootTimeMs;
    out = judge(o);
    if (m_settleRounds > 0) {
        --m_settleRounds;
        if (out.verdict == Verdict::Dead) {
            out.verdict = Verdict::Suspect;
            out.reason = QStringLiteral("%1; just resumed from a sleep, looking again before acting").arg(out.reason);
        }
    }
    return out;
}

FailureDetector::Outcome FailureDetector::judge(const Observation &o)
{
    using Api = Observation::Api;
    using Ssh = Observation::Ssh;
    Outcome out;

    const bool sshFailed = o.ssh == Ssh::Failed || o.ssh == Ssh::GpuSick;
    const bool answers = machineAnswers(o.ssh);
    // Offline counts only while the provider keeps saying so: a round it did not answer breaks
    // the row, like a round in which the machine answered.
    if (o.api != Api::Offline || answers)
        m_offlineSinceMs.reset();
    switch (o.api) {
    case Api::AuthError:
        out.credentialsAlert = true;
        if (o.ssh == Ssh::Ok) {
            out.verdict = Verdict::Healthy;
            out.reason = QStringLiteral("instance answers; the provider rejected our API key");
        } else {
            out.verdict = Verdict::Unknown;
            out.reason = QStringLiteral(
                "the provider rejected our API key: cannot confirm a failure nor fence, so no failover");
        }
        out.consecutiveFailures = m_failures;
        return out;
    case Api::Unreachable:
    case Api::RateLimited:
        if (o.ssh == Ssh::Ok) {
            out.verdict = Verdict::Healthy;
            out.reason = QStringLiteral("instance answers; provider API: %1").arg(o.apiDetail);
        } else {
            out.verdict = Verdict::Unknown;
            out.reason = QStringLiteral(
                "neither the provider API (%1) nor the instance (%2) answers: the observer may be offline")
                             .arg(o.apiDetail, o.sshDetail);
        }
        out.consecutiveFailures = m_failures;
        return out;
    case Api::Gone:
        out.verdict = Verdict::Dead;
        out.reason = o.apiDetail;
        out.consecutiveFailures = m_failures;
        return out;
    case Api::Offline:
        if (answers) {
            // Cut off from the provider's control plane, still serving: the one failure in
            // which a failover would make a second writer.
            out.verdict = Verdict::Suspect;
            out.ambiguous = true;
            out.reason = QStringLiteral("ambiguous: the provider says the host is offline (%1), but the instance "
                                        "answers SSH (%2); no failover while it answers")
                             .arg(o.apiDetail, o.sshDetail.isEmpty() ? QStringLiteral("ok") : o.sshDetail);
            out.consecutiveFailures = m_failures;
            return out;
        }
        if (!m_offlineSinceMs)
            m_offlineSinceMs = o.monotonicMs;
        if (o.monotonicMs - *m_offlineSinceMs >= m_params.offlineGraceMs) {
            out.verdict = Verdict::Dead;
            out.reason = QStringLiteral("host offline for %1 s").arg((o.monotonicMs - *m_offlineSinceMs) / 1000);
        } else {
            out.verdict = Verdict::Suspect;
            out.reason = QStringLiteral("host offline for %1 s (grace %2 s)")
                             .arg((o.monotonicMs - *m_offlineSinceMs) / 1000)
                             .arg(m_params.offlineGraceMs / 1000);
        }
        out.consecutiveFailures = m_failures;
        return out;
    case Api::Starting:
        out.verdict = Verdict::Healthy;
        out.reason = QStringLiteral("starting: %1").arg(o.apiDetail);
        return out;
    case Api::Running:
        break;
    }

    if (o.ssh == Ssh::Unreachable || o.ssh == Ssh::Slow) {
        // A blocked or degraded path looks like this, and so does nothing that is the
        // instance's fault: a frozen machine still accepts connections, a dead one shows in the
        // API. The row of failures is broken too, so a lossy link's odd silent round never adds up.
        m_failures = 0;
        out.verdict = Verdict::Suspect;
        out.ambiguous = true;
        out.reason
            = QStringLiteral("ambiguous: the provider says the instance runs, but SSH %1 (%2); no failover "
                             "on SSH alone")
                  .arg(o.ssh == Ssh::Slow ? QStringLiteral("answers too slowly") : QStringLiteral("cannot reach it"),
                      o.sshDetail);
        return out;
    }
    if (!sshFailed) {
        m_failures = 0;
        out.verdict = Verdict::Healthy;
        return out;
    }
    // The API answers and says it runs, so we are online; the instance does not work.
    ++m_failures;
    out.consecutiveFailures = m_failures;
    out.reason = o.ssh == Ssh::GpuSick ? o.sshDetail : QStringLiteral("no answer over SSH: %1").arg(o.sshDetail);
    out.verdict = m_failures >= m_params.threshold ? Verdict::Dead : Verdict::Suspect;
    if (out.verdict == Verdict::Dead)
        out.reason = QStringLiteral("%1 (%2 checks in a row)").arg(out.reason).arg(m_failures);
    return out;
}

} // namespace gpufailover
