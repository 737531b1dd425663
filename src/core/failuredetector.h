#pragma once

#include <QString>

#include <optional>

namespace gpufailover {

// One health round of one instance: what the provider API said and what the SSH probe saw.
struct Observation
{
    enum class Api {
        Running, // actual_status running
        Starting, // created/loading/rebooting: not a failure yet
        Gone, // definitive: exited, destroyed ({"instances": null}), stopped by the provider
        Offline, // host heartbeat lost: may come back, dead only after a grace period
        Unreachable, // network error, timeout, 5xx: says nothing about the instance
        AuthError, // 401/403: our credentials, never the instance
        RateLimited, // 429: slow down, says nothing about the instance
    };
    enum class Ssh {
        Ok,
        GpuSick, // the probe ran and the machine itself said its GPU is not working
        Failed, // the machine is there but does not answer: frozen, or sshd refused
        Unreachable, // nothing got through to the machine: the path, or the machine (the API tells)
        Slow, // sshd greets us but the probe did not finish: a degraded link, not a dead host
        NotTried,
    };

    Api api = Api::Unreachable;
    QString apiDetail;
    Ssh ssh = Ssh::NotTried;
    QString sshDetail;
    qint64 monotonicMs = 0;
    qint64 bootTimeMs = 0;
};

// Turns health rounds into a verdict. Dead needs the API to say so definitively (gone), the
// instance to be offline for the provider and unreachable over SSH for the whole grace, or the
// instance to fail `threshold` consecutive probes while the API is reachable and says it
// runs (a hung or GPU-dead primary). An instance that answers SSH is a writer, whatever the API says. SSH that cannot
// get through, or gets through too slowly, while the API says the instance runs is one signal alone: ambiguous,
// suspect, never dead. When neither the API nor the instance answers, the observer itself may be offline: the verdict
// is Unknown and nothing is counted. A clock jump that shows the observer slept resets the count.
class FailureDetector final
{
public:
    enum class Verdict { Healthy, Suspect, Dead, Unknown };
    struct Params
    {
        int threshold = 3;
        qint64 intervalMs = 10000;
        qint64 offlineGraceMs = 120000;
    };
    struct Outcome
    {
        Verdict verdict = Verdict::Unknown;
        QString reason;
        int consecutiveFailures = 0;
        bool credentialsAlert = false;
        bool observerSuspended = false;
        bool ambiguous = false; // the signals disagree: a person should look, the engine will not act
    };

    FailureDetector() = default;
    explicit FailureDetector(Params params)
        : m_params(params)
    { }

    Outcome observe(const Observation &o);
    void reset();
    const Params &params() const { return m_params; }
    void setParams(const Params &p) { m_params = p; }
    // Since when the provider has said offline while nothing reached the instance, if it does.
    std::optional<qint64> offlineSinceMs() const { return m_offlineSinceMs; }

private:
    Outcome judge(const Observation &o);

    Params m_params {};
    int m_failures = 0;
    int m_settleRounds = 0; // rounds after a sleep in which nothing is declared dead yet
    std::optional<qint64> m_offlineSinceMs;
    std::optional<qint64> m_lastMono, m_lastBoot;
};

QString toString(FailureDetector::Verdict v);
// The machine itself answered the probe (healthy, slow or with a sick GPU): it runs and may write.
bool machineAnswers(Observation::Ssh ssh);

} // namespace gpufailover
