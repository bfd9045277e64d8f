#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` output: where the message-handling threads spend their time,
grouped into the buckets docs/performance.md reports (start-up samples are left out)."""
import re
import sys
from collections import Counter

BUCKETS = [  # first match wins, checked from the top of the stack down
    ("JSON parse (Jackson)", "com.fasterxml.jackson.databind.ObjectReader.readTree"),
    ("schema validation (networknt)", "com.networknt.schema.JsonSchema.validate"),
    ("failure report (Jackson generator)", "io.contractgate.report.FailureReport.build"),
    ("metrics (Micrometer)", "io.contractgate.metrics."),
    ("Influx point + writer", "io.contractgate.influx."),
    ("live feed", "io.contractgate.web."),
    ("MQTT publish (Paho, caller side)", "org.eclipse.paho.mqttv5.client.MqttAsyncClient.publish"),
    ("other contract-check work", "io.contractgate.contract.ContractValidationProcessor.process"),
    ("Paho receive thread (decode)", "org.eclipse.paho.mqttv5.client.internal.CommsReceiver.run"),
    ("Paho send thread (encode, write)", "org.eclipse.paho.mqttv5.client.internal.CommsSender.run"),
    ("Camel routing (exchange, choice, direct, JMX stats)", "org.apache.camel."),
    ("Paho callback thread (other)", "org.eclipse.paho.mqttv5.client.internal.CommsCallback.run"),
]

events = open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]
buckets, n = Counter(), 0
for e in events:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", e, re.M)
    if not frames or any("MainSupport.run" in f or "BaseMainSupport" in f for f in frames):
        continue
    n += 1
    for name, marker in BUCKETS:
        if any(f.startswith(marker) or f == marker for f in frames):
            buckets[name] += 1
            break
    else:
        buckets["other (GC, JIT, timers, HTTP)"] += 1
print(f"{n} samples")
for name, c in buckets.most_common():
    print(f"{100 * c / n:5.1f} %  {name}")
