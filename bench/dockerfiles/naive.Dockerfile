# (C) A naive Dockerfile: one stage, the code copied before the requirements are installed (so
# any change reinstalls everything), apt recommends and lists kept, pip's cache left in the
# layer, no cache mounts, runs as root. Like (A) and (B), pip gets the build secret
# ca-certificates because this machine's HTTPS goes through a TLS-inspecting proxy.
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y python3.12 python3.12-venv{{if .BuildEssential}} build-essential{{end}}
WORKDIR /app
COPY . .
RUN --mount=type=secret,id=ca-certificates,target=/etc/ssl/certs/ca-certificates.crt \
	python3.12 -m venv /venv && PIP_CERT=/etc/ssl/certs/ca-certificates.crt /venv/bin/pip install -r requirements.txt
ENV PATH="/venv/bin:$PATH"
EXPOSE {{.Port}}
CMD {{.NaiveCmd}}
