#pragma once

#include <QObject>

class QSocketNotifier;

namespace gpufailover {

// Turns SIGINT/SIGTERM into a Qt signal (self-pipe), so headless programs shut down through the
// event loop and the journal is closed cleanly.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace gpufailover
