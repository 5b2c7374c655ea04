// Tests of this area are being written.
