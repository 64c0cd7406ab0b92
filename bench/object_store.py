"""A real S3-compatible server on loopback: moto's standalone server, in its own process.

Used by the tests' `object_store` fixture and by `make multi-host-check`: the app talks to it
over HTTP exactly as to a real bucket (boto3 through django-storages), nothing is patched.
"""

import http.client
import subprocess
import sys
import time
from contextlib import contextmanager

from bench.serving import free_port

ACCESS_KEY = "psoas-test-key"
SECRET_KEY = "psoas-test-secret"  # noqa: S105 - moto's loopback server, no real account
REGION = "eu-west-2"
READY_TIMEOUT_SECONDS = 120


@contextmanager
def moto_server():
    """Start moto's server on a free loopback port; yield its endpoint URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto's server exited ({process.returncode})")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", "/moto-api/")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"moto's server did not answer on port {port}") from None
                time.sleep(0.1)
            finally:
                connection.close()
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


def new_bucket(endpoint, name):
    """Create an empty private bucket; return the STORAGE_URL that points the app at it."""
    s3_client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return f"s3://{ACCESS_KEY}:{SECRET_KEY}@{name}?endpoint_url={endpoint}&region_name={REGION}"
