<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>Format</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>$%1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>GPU Failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No pool yet. Choose Provision to protect a GPU workload.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Event kind filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search events…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Provision…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>P&amp;ause automation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PoolCard</name>
    <message>
        <source>Protection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Primary GPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Standby GPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU standby</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verified restore point</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover drill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pause automation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hibernate or wake</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Snapshot now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Snapshot now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Destroy…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Destroy pool</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Protection</name>
    <message>
        <source>Protected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The CPU standby serves your endpoint while a new GPU is restored.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not protected: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disabled: nothing watches this pool.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failing over: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Being set up: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hibernated: the GPU is stopped and its data waits on the volume.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automation paused: a failure would not be recovered.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No standby ready: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The snapshot repository failed its last check.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Standby ready on the same host.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking the standby.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>searching</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>provisioning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>degraded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>hibernated</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::AlertNotifier</name>
    <message>
        <source>Pool %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>More alerts</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n more alert(s) in the last minute: see the events view.</source>
        <translation><numerusform>%n more alert in the last minute: see the events view.</numerusform><numerusform>%n more alerts in the last minute: see the events view.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>(%n more time(s) since the last notice)</source>
        <translation><numerusform>(%n more time since the last notice)</numerusform><numerusform>(%n more times since the last notice)</numerusform></translation>
    </message>
    <message>
        <source>Failover started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover finished</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Primary looks unhealthy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vast.ai rejected the API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Object storage rejected the keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Standby not ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>80 % of the budget spent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Budget reached</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vast.ai credit running low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host lost: rebuilding elsewhere</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Host lost and no verified snapshot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Too many failovers: automation paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Primary dead while automation is paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The CPU standby now serves</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restore failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pool hibernated</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::ChartsView</name>
    <message>
        <source>GPU running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Standby storage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU VM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU disk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Object storage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost over time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recovery time per failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss window over time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recovery time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cost so far, by component (forecast for the month: $%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recovery time per failover (seconds)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fence</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss window: age of the newest complete copy (seconds)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::DesktopApp</name>
    <message>
        <source>Engine: connected (API on port %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Engine: unreachable (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: accepted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GPU Failover: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::EventFilter</name>
    <message>
        <source>All events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failovers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Health checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Costs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Syncs and snapshots</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::EventsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (begins)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (done)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (failed)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::MainWindow</name>
    <message>
        <source>Engine: starting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n pool(s)</source>
        <translation><numerusform>%n pool</numerusform><numerusform>%n pools</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s) · %1/h now · %2 this month · %3 forecast for the month</source>
        <translation><numerusform>%n pool · %1/h now · %2 this month · %3 forecast for the month</numerusform><numerusform>%n pools · %1/h now · %2 this month · %3 forecast for the month</numerusform></translation>
    </message>
    <message>
        <source>Vast.ai credit %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(lasts %1)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::PoolCard</name>
    <message>
        <source>Destroy pool %1?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This destroys the pool's GPUs and its volume with the data on it. Snapshots in object storage are kept. This cannot be undone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>instance %1 on machine %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>instance %1, %2 (%3 failovers so far)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2, %3 syncs)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no VM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none: the standby shares the primary's volume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no copy yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>snapshots off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not measured yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1/h now, %2 this month, %3 forecast</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Wake</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>gpufailover::TrayController</name>
    <message>
        <source>GPU Failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open GPU Failover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Kill the primary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hang the primary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failover drill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Another GPU Failover engine drives the pools in %1, and its API cannot be reached.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>