# (B) The seed article's final "perfect" Dockerfile, adapted for the benchmark only in:
# - base image and Python: ubuntu:24.04 and python3.12 (was ubuntu:20.04 and python3.9), so
#   it installs the same distro Python as the Pyfile;
# - the two pip RUN lines mount the build secret ca-certificates and set PIP_CERT, because
#   this machine's HTTPS goes through a TLS-inspecting proxy (the Pyfile gets the same secret);
# - EXPOSE and CMD use the app's port and gunicorn worker settings (the seed has port 5000 and
#   "-w 4 -k gevent"); the seed's -b and --worker-tmp-dir /dev/shm are kept.
FROM ubuntu:24.04 AS builder-image
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install --no-install-recommends -y python3.12 python3.12-dev python3.12-venv python3-pip python3-wheel build-essential && \
	apt-get clean && rm -rf /var/lib/apt/lists/*
RUN python3.12 -m venv /home/myuser/venv
ENV PATH="/home/myuser/venv/bin:$PATH"
COPY requirements.txt .
RUN --mount=type=secret,id=ca-certificates,target=/etc/ssl/certs/ca-certificates.crt \
	PIP_CERT=/etc/ssl/certs/ca-certificates.crt pip3 install --no-cache-dir wheel
RUN --mount=type=secret,id=ca-certificates,target=/etc/ssl/certs/ca-certificates.crt \
	PIP_CERT=/etc/ssl/certs/ca-certificates.crt pip3 install --no-cache-dir -r requirements.txt

FROM ubuntu:24.04 AS runner-image
RUN apt-get update && apt-get install --no-install-recommends -y python3.12 python3-venv && \
	apt-get clean && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home myuser
COPY --from=builder-image /home/myuser/venv /home/myuser/venv
USER myuser
RUN mkdir /home/myuser/code
WORKDIR /home/myuser/code
COPY . .
EXPOSE {{.Port}}
ENV PYTHONUNBUFFERED=1
ENV VIRTUAL_ENV=/home/myuser/venv
ENV PATH="/home/myuser/venv/bin:$PATH"
CMD {{.PerfectCmd}}
