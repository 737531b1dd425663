#include "core/failuredetector.h"

#include <gtest/gtest.h>

using namespace gpufailover;
using Api = Observation::Api;
using Ssh = Observation::Ssh;
using V = FailureDetector::Verdict;

namespace {
struct Rounds
{
    FailureDetector detector { { 3, 10000, 120000 } };
    qint64 mono = 0, boot = 0;
    FailureDetector::Outcome next(Api api, Ssh ssh, qint64 stepMs = 10000, qint64 sleptMs = 0)
    {
        mono += stepMs;
        boot += stepMs + sleptMs;
        return detector.observe({ api, QStringLiteral("api detail"), ssh, QStringLiteral("ssh detail"), mono, boot });
    }
};
} // namespace

TEST(FailureDetector, HealthyWhileBothSignalsAreGood)
{
    Rounds r;
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(r.next(Api::Running, Ssh::Ok).verdict, V::Healthy);
}

TEST(FailureDetector, AHungPrimaryIsDeadAfterTheThresholdNotBefore)
{
    Rounds r;
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Suspect);
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Suspect);
    const auto third = r.next(Api::Running, Ssh::Failed);
    EXPECT_EQ(third.verdict, V::Dead);
    EXPECT_EQ(third.consecutiveFailures, 3);
    EXPECT_TRUE(third.reason.contains(QStringLiteral("3 checks in a row")));
}

TEST(FailureDetector, AFlappingProbeNeverReachesDead)
{
    Rounds r;
    for (int i = 0; i < 20; ++i) {
        EXPECT_NE(r.next(Api::Running, Ssh::Failed).verdict, V::Dead);
        EXPECT_NE(r.next(Api::Running, Ssh::Failed).verdict, V::Dead);
        EXPECT_EQ(r.next(Api::Running, Ssh::Ok).verdict, V::Healthy);
    }
}

TEST(FailureDetector, TheApiSayingGoneIsDefinitive)
{
    Rounds r;
    const auto o = r.next(Api::Gone, Ssh::Failed);
    EXPECT_EQ(o.verdict, V::Dead);
    EXPECT_EQ(o.reason, QStringLiteral("api detail"));
}

TEST(FailureDetector, AnOfflineHostIsDeadOnlyAfterItsGracePeriod)
{
    Rounds r;
    for (int i = 0; i < 12; ++i) // offline for 0 .. 110 s, counted from the first offline round
        EXPECT_EQ(r.next(Api::Offline, Ssh::Failed).verdict, V::Suspect) << i;
    EXPECT_EQ(r.next(Api::Offline, Ssh::Failed).verdict, V::Dead); // 120 s
    // Back online resets the grace clock.
    Rounds back;
    back.next(Api::Offline, Ssh::Failed);
    back.next(Api::Running, Ssh::Ok);
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(back.next(Api::Offline, Ssh::Failed).verdict, V::Suspect);
}

TEST(FailureDetector, AnIsolatedObserverDecidesNothing)
{
    Rounds r;
    r.next(Api::Running, Ssh::Failed);
    r.next(Api::Running, Ssh::Failed);
    // The laptop loses its network: API and SSH both fail, for a long time.
    for (int i = 0; i < 30; ++i) {
        const auto o = r.next(Api::Unreachable, Ssh::Failed);
        EXPECT_EQ(o.verdict, V::Unknown);
        EXPECT_TRUE(o.reason.contains(QStringLiteral("observer may be offline")));
    }
    // Rate limiting is no evidence either.
    EXPECT_EQ(r.next(Api::RateLimited, Ssh::Failed).verdict, V::Unknown);
}

TEST(FailureDetector, RejectedCredentialsAlertButNeverKill)
{
    Rounds r;
    for (int i = 0; i < 10; ++i) {
        const auto o = r.next(Api::AuthError, Ssh::Failed);
        EXPECT_EQ(o.verdict, V::Unknown);
        EXPECT_TRUE(o.credentialsAlert);
    }
    const auto ok = r.next(Api::AuthError, Ssh::Ok);
    EXPECT_EQ(ok.verdict, V::Healthy);
    EXPECT_TRUE(ok.credentialsAlert);
}

TEST(FailureDetector, ASickGpuCountsLikeASilentHost)
{
    Rounds r;
    r.next(Api::Running, Ssh::GpuSick);
    r.next(Api::Running, Ssh::GpuSick);
    const auto o = r.next(Api::Running, Ssh::GpuSick);
    EXPECT_EQ(o.verdict, V::Dead);
    EXPECT_TRUE(o.reason.contains(QStringLiteral("ssh detail")));
}

TEST(FailureDetector, ASuspendedObserverStartsCountingAfresh)
{
    Rounds r;
    r.next(Api::Running, Ssh::Failed);
    r.next(Api::Running, Ssh::Failed);
    // The lid was closed for an hour: monotonic time stood still, boot time did not.
    const auto woke = r.next(Api::Running, Ssh::Failed, 10000, 3'600'000);
    EXPECT_TRUE(woke.observerSuspended);
    EXPECT_EQ(woke.verdict, V::Unknown);
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Suspect); // 1 of 3, not 3 of 3
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Suspect);
    const auto third = r.next(Api::Running, Ssh::Failed); // 3 of 3, but within N rounds of the wake
    EXPECT_EQ(third.verdict, V::Suspect);
    EXPECT_TRUE(third.reason.contains(QStringLiteral("resumed")));
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Dead);
}

// The primary died while the laptop slept. Even the API's definitive word waits N
// rounds after the wake, so nothing is fenced within N·P of it; then it is acted on.
TEST(FailureDetector, AfterASleepEvenADefinitiveDeathWaitsNRounds)
{
    Rounds r;
    r.next(Api::Running, Ssh::Ok);
    EXPECT_TRUE(r.next(Api::Gone, Ssh::Failed, 10000, 900'000).observerSuspended);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(r.next(Api::Gone, Ssh::Failed).verdict, V::Suspect) << "round " << i + 1;
    EXPECT_EQ(r.next(Api::Gone, Ssh::Failed).verdict, V::Dead);
    // Without a sleep, the API's word is acted on at once.
    Rounds awake;
    awake.next(Api::Running, Ssh::Ok);
    EXPECT_EQ(awake.next(Api::Gone, Ssh::Failed).verdict, V::Dead);
}

TEST(FailureDetector, StartingIsNotAFailure)
{
    Rounds r;
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(r.next(Api::Starting, Ssh::Failed).verdict, V::Healthy);
}

// SSH that cannot get through, or only slowly, while the API says the
// instance runs, is one signal alone. It stays ambiguous however long it lasts, and it breaks a
// row of real failures, so a lossy link's occasional silent round never adds up to a failover.
TEST(FailureDetector, SshBlockedOrSlowWhileTheApiSaysRunningIsAmbiguousNeverDead)
{
    Rounds r;
    for (int i = 0; i < 20; ++i) {
        const auto o = r.next(Api::Running, i % 2 ? Ssh::Unreachable : Ssh::Slow);
        EXPECT_EQ(o.verdict, V::Suspect);
        EXPECT_TRUE(o.ambiguous);
        EXPECT_TRUE(o.reason.startsWith(QStringLiteral("ambiguous")));
    }
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).consecutiveFailures, 1);
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).consecutiveFailures, 2);
    EXPECT_TRUE(r.next(Api::Running, Ssh::Unreachable).ambiguous);
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Suspect); // the row started over
    EXPECT_FALSE(r.next(Api::Running, Ssh::Failed).ambiguous);
    EXPECT_EQ(r.next(Api::Running, Ssh::Failed).verdict, V::Dead);
}

TEST(FailureDetector, AnUnreachableInstanceIsStillDeadWhenTheApiSaysSo)
{
    Rounds r;
    EXPECT_EQ(r.next(Api::Gone, Ssh::Unreachable).verdict, V::Dead);
    Rounds offline;
    EXPECT_EQ(offline.next(Api::Offline, Ssh::Unreachable, 10000).verdict, V::Suspect);
    EXPECT_EQ(offline.next(Api::Offline, Ssh::Unreachable, 130000).verdict, V::Dead);
    // With neither the API nor SSH answering, the observer may be the one cut off.
    Rounds isolated;
    EXPECT_EQ(isolated.next(Api::Unreachable, Ssh::Unreachable).verdict, V::Unknown);
}

// Cut off from the provider's control plane but still serving: the API says offline for hours,
// the host answers SSH. It is a writer, so it is never dead, and the grace starts over only once
// nothing reaches it any more.
TEST(FailureDetector, AHostOfflineForTheProviderButAnsweringSshIsNeverDead)
{
    for (const Ssh answers : { Ssh::Ok, Ssh::Slow, Ssh::GpuSick }) {
        Rounds r;
        for (int i = 0; i < 100; ++i) {
            const auto o = r.next(Api::Offline, answers);
            ASSERT_NE(o.verdict, V::Dead) << i;
            EXPECT_TRUE(o.ambiguous) << i;
        }
        // Silent from now on: the whole grace is waited again.
        for (int i = 0; i < 12; ++i)
            EXPECT_EQ(r.next(Api::Offline, Ssh::Unreachable).verdict, V::Suspect) << i;
        EXPECT_EQ(r.next(Api::Offline, Ssh::Unreachable).verdict, V::Dead);
        EXPECT_TRUE(r.detector.offlineSinceMs().has_value());
    }
}

// A gap in which the API could not be asked says nothing about the host: offline before and
// after it is not offline all along, so the grace starts over.
TEST(FailureDetector, TimeWithoutAnApiAnswerDoesNotCountTowardsTheOfflineGrace)
{
    Rounds r;
    EXPECT_EQ(r.next(Api::Offline, Ssh::Unreachable).verdict, V::Suspect);
    for (int i = 0; i < 30; ++i)
        EXPECT_EQ(r.next(Api::Unreachable, Ssh::Unreachable).verdict, V::Unknown);
    EXPECT_EQ(r.next(Api::Offline, Ssh::Unreachable).verdict, V::Suspect);
    EXPECT_EQ(r.detector.offlineSinceMs(), std::optional<qint64>(r.mono));
}
