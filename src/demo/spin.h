#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <functional>

namespace gpufailover {

// Runs the event loop until pred() or the real-time limit: how a scripted story (a scenario, a
// soak) waits for the engine, which runs on the same loop.
inline bool spin(const std::function<bool()> &pred, qint64 limitMs)
{
    QDeadlineTimer deadline(limitMs);
    while (!pred()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

} // namespace gpufailover
