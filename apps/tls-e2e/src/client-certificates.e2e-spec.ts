import { status as GrpcStatus } from '@grpc/grpc-js';
import { createGenerator } from '@healthcare/sensors';
import {
  GrpcDevice,
  Mosquitto,
  MqttCollector,
  TestCertificates,
  TestGateway,
  WsDevice,
  postTemperature,
  type CertificateFiles,
} from '@healthcare/testing';
import { readFileSync } from 'node:fs';

/**
 * TLS_CLIENT_CA_FILE: the gateway asks each client for a certificate. One signed by that CA
 * goes on, as does a client without one (devices with tokens); one from another CA is cut
 * during the handshake on the HTTPS and gRPC ports. Here devices are not authenticated
 * (DEVICE_AUTH=off), so only the cut keeps a foreign certificate's reading out; which device a
 * certificate names, and what the registry says of it, is certificate-identity's.
 */
describe('client certificates', () => {
  let certs: TestCertificates;
  let foreign: TestCertificates;
  let broker: Mosquitto;
  let collector: MqttCollector;
  let gateway: TestGateway;

  beforeAll(async () => {
    certs = await TestCertificates.make(['Temp_cert']);
    foreign = await TestCertificates.make(['Temp_cert']);
    broker = await Mosquitto.start();
    collector = await MqttCollector.start(broker.url, ['#']);
    gateway = await TestGateway.start(broker.url, {
      auth: 'off',
      env: {
        TLS_CERT_FILE: certs.server.certFile,
        TLS_KEY_FILE: certs.server.keyFile,
        TLS_CLIENT_CA_FILE: certs.caFile,
      },
      tls: { ca: certs.ca },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await collector?.close();
    await broker?.dispose();
    certs?.dispose();
    foreign?.dispose();
  });

  const withCertificate = (files: CertificateFiles) => ({
    ca: certs.ca,
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
  });
  const reading = () => createGenerator('temperature')('Temp_cert');

  it('takes a device certificate signed by the client CA, and a client without one', async () => {
    const own = withCertificate(await certs.device('Temp_cert'));
    expect(await postTemperature(gateway.httpUrl, reading(), 10_000, undefined, own)).toMatchObject(
      {
        status: 200,
      },
    );
    expect(
      await postTemperature(gateway.httpUrl, reading(), 10_000, undefined, { ca: certs.ca }),
    ).toMatchObject({ status: 200 });
    const ws = await WsDevice.connect(gateway.wsUrl, { tls: own });
    try {
      expect(await ws.request(createGenerator('heartRate')('Heart_cert'))).toMatchObject({
        status: 'received',
      });
    } finally {
      ws.close();
    }
    const grpc = new GrpcDevice(gateway.grpcAddress, undefined, own);
    try {
      await expect(grpc.sendPressure(createGenerator('pressure')('Press_cert'))).resolves.toEqual(
        {},
      );
    } finally {
      grpc.close();
    }
  });

  it('cuts a connection whose certificate another CA signed, on REST, WebSocket and gRPC', async () => {
    const stranger = withCertificate(await foreign.device('Temp_cert'));
    await expect(
      postTemperature(gateway.httpUrl, reading(), 5000, undefined, stranger),
    ).rejects.toThrow();
    await expect(WsDevice.connect(gateway.wsUrl, { tls: stranger })).rejects.toThrow();
    const grpc = new GrpcDevice(gateway.grpcAddress, undefined, stranger);
    try {
      expect(await grpc.failure(createGenerator('pressure')('Press_cert'), 5000)).toMatchObject({
        code: GrpcStatus.UNAVAILABLE,
      });
    } finally {
      grpc.close();
    }
  });
});
