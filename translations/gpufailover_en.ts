<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Service account key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON key (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine cannot be asked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved (%1); type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Vast.ai key is saved in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: service account %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving to the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking Vast.ai…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key accepted. Credit: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking GCP about the service account…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HostPage</name>
    <message>
        <source>Searching the offers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No offers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No machine has room right now; try another GPU model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s) found.</source>
        <translation>
            <numerusform>%n machine found.</numerusform>
            <numerusform>%n machines found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>GPU Failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pool yet. Choose Provision to protect a GPU workload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event kind filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provision…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ause automation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New pool (saved choices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new pool with the choices the wizard remembered, on the best host found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backblaze B2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloudflare R2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloudflare &amp;account id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket &amp;region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the 32 characters after dash.cloudflare.com/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No start command: after a failover the new primary holds your /workspace, but nothing runs until you start it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start command runs on each new primary once it holds the volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate of the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificate (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-hosted S3 store (MinIO, Ceph…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End&amp;point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PoolCard</name>
    <message>
        <source>Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified restore point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause automation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hibernate or wake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Snapshot now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy pool</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Asking the engine to create pool %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine refused the pool: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool created; renting on machine %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot settings were refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool %1 is active and protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 begins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Protection</name>
    <message>
        <source>Protected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CPU standby serves your endpoint while a new GPU is restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not protected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: nothing watches this pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failing over: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Being set up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hibernated: the GPU is stopped and its data waits on the volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automation paused: a failure would not be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No standby ready: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot repository failed its last check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby ready on the same host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the standby.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>searching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provisioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hibernated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Pool %1: two %2 on machine %3 sharing a %4 GB volume, image %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protection costs %1 a month as a warm standby, against %2 for a CPU standby VM kept running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU VM (only while it stands in: at most)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total a month (at most)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health and failover (applied at once to every pool)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health check &amp;every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between health checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failed checks before dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consecutive failed checks before an instance is declared dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe &amp;timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds a probe may take</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fence deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds to wait for the old primary to stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby &amp;start deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds to wait for the standby to run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU standby s&amp;ync every (next start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between syncs to the CPU standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot e&amp;very (next start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes between snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots always kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep &amp;daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily snapshots kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;drill every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A restore drill after every Nth snapshot (0: on demand)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget, notifications and interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly &amp;budget, all pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly budget for all pools in dollars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$ </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local &amp;API port (next start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port of the local REST API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notify me of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts that make a desktop notification</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyPage</name>
    <message>
        <source>GPU Failover first looks for a host with two free GPUs: one works, the other waits stopped on the same volume and takes over in about a minute. Where no host has room for two, a cheap Google Cloud VM keeps a copy of /workspace and serves while a new GPU is found elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardCredentialsPage</name>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your keys are saved in the system keychain and never shown again in full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vast.ai &amp;API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vast.ai API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the Vast.ai key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google Cloud service account (JSON key), for the CPU standby; optional:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google Cloud service account JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Load from file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the service account key from a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage key &amp;ID (B2 or R2), optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage &amp;secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage secret key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardHostPage</name>
    <message>
        <source>GPU and host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live offers, grouped by machine: both GPUs of a warm pool must be on the same machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU &amp;model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$/GPU-hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardOptionsPage</name>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pool, its volume and its copies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool &amp;name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Volume size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume size in GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container &amp;disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container disk in GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Container image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rent a new &amp;standby after each failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU standby &amp;zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU standby zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;napshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot &amp;every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes between snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly &amp;budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly budget in dollars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> $</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hibernation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hibernate the GPU when idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cd /workspace &amp;&amp; nohup python train.py &gt;&gt; train.log 2&gt;&amp;1 &amp;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on the primary after each failover, restore and provisioning, once /workspace/.gpufailover/generation names it: what starts your workload again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket region or account id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store&apos;s C&amp;A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate of the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: a PEM file, for a store with its own certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA certificate file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardProgressPage</name>
    <message>
        <source>Provisioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each step as the engine takes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning progress</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardReviewPage</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will be rented, and what it costs a month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly cost estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember these choices: the next pool is &amp;one click from the main window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each instance runs this once at its first start (the provider&apos;s onstart); your start command runs later, on the primary only:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance preparation script</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardStrategyPage</name>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How your work is protected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Warm pool: a stopped standby GPU on the same host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm pool, and a &amp;CPU standby on Google Cloud when no host has room for two GPUs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::AlertNotifier</name>
    <message>
        <source>Pool %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more alert(s) in the last minute: see the events view.</source>
        <translation>
            <numerusform>%n more alert in the last minute: see the events view.</numerusform>
            <numerusform>%n more alerts in the last minute: see the events view.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more time(s) since the last notice)</source>
        <translation>
            <numerusform>(%n more time since the last notice)</numerusform>
            <numerusform>(%n more times since the last notice)</numerusform>
        </translation>
    </message>
    <message>
        <source>Failover started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary looks unhealthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vast.ai rejected the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage rejected the keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>80 % of the budget spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vast.ai credit running low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host lost: rebuilding elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host lost and no verified snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failovers: automation paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary dead while automation is paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CPU standby now serves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool hibernated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH to the primary fails, the provider says it runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CPU standby&apos;s copy is getting old</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::ChartsView</name>
    <message>
        <source>GPU running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standby storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery time per failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss window over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery time per failover (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss window: age of the newest complete copy (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost so far, by component (forecast for the month: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::DesktopApp</name>
    <message>
        <source>Engine: connected (API on port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine: unreachable (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU Failover: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::EventFilter</name>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failovers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncs and snapshots</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::EventsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (begins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (done)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (failed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::MainWindow</name>
    <message>
        <source>Engine: starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s)</source>
        <translation>
            <numerusform>%n pool</numerusform>
            <numerusform>%n pools</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s) · %1/h now · %2 this month · %3 forecast for the month</source>
        <translation>
            <numerusform>%n pool · %1/h now · %2 this month · %3 forecast for the month</numerusform>
            <numerusform>%n pools · %1/h now · %2 this month · %3 forecast for the month</numerusform>
        </translation>
    </message>
    <message>
        <source>Vast.ai credit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(lasts %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::PoolCard</name>
    <message>
        <source>Destroy pool %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This destroys the pool&apos;s GPUs and its volume with the data on it. Snapshots in object storage are kept. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instance %1 on machine %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, %3 syncs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the standby shares the primary&apos;s volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no copy yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snapshots off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/h now, %2 this month, %3 forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Wake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/h, up %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>none (%n failover(s) so far)</source>
        <translation>
            <numerusform>none (%n failover so far)</numerusform>
            <numerusform>none (%n failovers so far)</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped, %1/h for its disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2/h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::ProvisionWizard</name>
    <message>
        <source>Provision a pool</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::SettingsDialog</name>
    <message>
        <source>Asking the engine for its settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine&apos;s settings cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::SimulatorControl</name>
    <message>
        <source>Kill the primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang the primary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lose the whole host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pool has a primary to break yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulator: %1 done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulator: %1 refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpufailover::TrayController</name>
    <message>
        <source>GPU Failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open GPU Failover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Another GPU Failover engine drives the pools in %1, and its API cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
